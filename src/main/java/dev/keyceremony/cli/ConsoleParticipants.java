package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Acknowledgement;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.script.Roles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Interactive approvals and confirmations, asked one participant at a time on the terminal. */
final class ConsoleParticipants implements Participants {
  private final BufferedReader in;
  private final PrintWriter out;
  private final Clock clock;

  ConsoleParticipants(BufferedReader in, PrintWriter out, Clock clock) {
    this.in = in;
    this.out = out;
    this.clock = clock;
  }

  @Override
  public String mode() {
    return "interactive (terminal prompts)";
  }

  @Override
  public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
    out.println();
    out.println("The ceremony will carry out these steps:");
    plan.forEach(l -> out.println("  " + l));
    out.println(roles.approvalsRequired() + " of " + roles.custodians().size()
        + " custodians must approve.");
    List<Acknowledgement> acks = new ArrayList<>();
    for (String c : roles.custodians()) {
      String a = ask("Custodian " + c + ": type 'approve' to approve this plan, 'decline' to"
          + " refuse", "approve", "decline");
      acks.add(new Acknowledgement("custodian", c, a.equals("approve") ? "approved" : "declined",
          clock.instant(), "typed at the terminal"));
    }
    return acks;
  }

  @Override
  public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
    out.println();
    out.println("Wrapping public key from KMS, SHA-256 of its DER SubjectPublicKeyInfo:");
    out.println(f.groupedHex());
    out.println("as BIP-39 words: " + f.wordsText());
    out.println("Compare it with the value obtained independently (e.g. aws kms"
        + " get-parameters-for-import output hashed with openssl dgst -sha256).");
    List<Acknowledgement> acks = new ArrayList<>();
    for (String w : roles.witnesses()) {
      String a = ask("Witness " + w + ": type 'confirm' if it matches, 'mismatch' if not",
          "confirm", "mismatch");
      acks.add(new Acknowledgement("witness", w, a.equals("confirm") ? "confirmed" : "mismatch",
          clock.instant(), "typed at the terminal"));
    }
    return acks;
  }

  private String ask(String prompt, String yes, String no) {
    for (int tries = 0; tries < 3; tries++) {
      out.print(prompt + ": ");
      out.flush();
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (line == null) {
        return no;
      }
      String a = line.trim().toLowerCase(Locale.ROOT);
      if (a.equals(yes) || a.equals(no)) {
        return a;
      }
      out.println("Please type '" + yes + "' or '" + no + "'.");
    }
    return no;
  }
}
