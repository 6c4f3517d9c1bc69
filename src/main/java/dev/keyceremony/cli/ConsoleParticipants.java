package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Acknowledgement;
import dev.keyceremony.ceremony.ApprovalPrompt;
import dev.keyceremony.ceremony.ConfirmationPrompt;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.PresignedApprovals;
import dev.keyceremony.ceremony.SignatureCheck;
import dev.keyceremony.ceremony.script.Roles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Interactive approvals and confirmations, asked one participant at a time on the terminal. A
 * custodian with an ssh-key pastes an armored SSHSIG signature of the approval request; one without
 * types 'approve' (unauthenticated). End of input at a prompt means the person is absent, not that
 * they declined. Once the quorum has approved, the rest are not asked (recorded as "not asked")
 * unless roles.ask-everyone is true.
 */
final class ConsoleParticipants implements Participants {
  private static final String END = "-----END SSH SIGNATURE-----";
  private final BufferedReader in;
  private final PrintWriter out;
  private final Clock clock;
  private final PresignedApprovals presigned;

  ConsoleParticipants(BufferedReader in, PrintWriter out, Clock clock) {
    this(in, out, clock, null);
  }

  ConsoleParticipants(
      BufferedReader in, PrintWriter out, Clock clock, PresignedApprovals presigned) {
    this.in = in;
    this.out = out;
    this.clock = clock;
    this.presigned = presigned;
  }

  @Override
  public String mode() {
    return "interactive (terminal prompts)"
        + (presigned == null ? "" : "; signed approvals from " + presigned.source());
  }

  @Override
  public Optional<PresignedApprovals> presigned() {
    return Optional.ofNullable(presigned);
  }

  @Override
  public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
    out.println();
    out.println("The ceremony will carry out these steps:");
    plan.forEach(l -> out.println("  " + l));
    out.println(
        roles.approvalsRequired()
            + " of "
            + roles.custodians().size()
            + " custodians must approve.");
    List<Acknowledgement> acks = new ArrayList<>();
    for (String c : roles.custodians()) {
      String a =
          ask(
              "Custodian " + c + ": type 'approve' to approve this plan, 'decline' to" + " refuse",
              "approve",
              "decline");
      acks.add(typed("custodian", c, a, "approve", "approved", "declined"));
    }
    return acks;
  }

  @Override
  public List<Acknowledgement> approvals(ApprovalPrompt p) {
    Roles roles = p.roles();
    out.println();
    out.println("Approval of this ceremony:");
    p.summary().forEach(l -> out.println("  " + l));
    out.println("The ceremony will carry out these steps:");
    p.plan().forEach(l -> out.println("  " + l));
    out.println(
        roles.approvalsRequired()
            + " of "
            + roles.custodians().size()
            + " custodians must approve"
            + (p.approvedAlready().isEmpty()
                ? "."
                : "; approved by"
                    + " signature already: "
                    + String.join(", ", new java.util.TreeSet<>(p.approvedAlready()))));
    Set<String> approved = new HashSet<>(p.approvedAlready());
    boolean signers =
        roles.custodians().stream()
            .anyMatch(c -> !approved.contains(c) && roles.key(c).isPresent());
    if (signers && presigned == null) {
      showRequest(p);
    }
    List<Acknowledgement> acks = new ArrayList<>();
    for (String c : roles.custodians()) {
      if (approved.contains(c)) {
        continue;
      }
      if (approved.size() >= roles.approvalsRequired() && !roles.askEveryone()) {
        acks.add(
            new Acknowledgement(
                "custodian",
                c,
                "not asked",
                clock.instant(),
                "the quorum had approved (roles.ask-everyone is false)"));
        continue;
      }
      Acknowledgement a =
          roles.key(c).isPresent()
              ? signed(p, c)
              : typed(
                  "custodian",
                  c,
                  ask(
                      "Custodian "
                          + c
                          + " (unauthenticated): type 'approve' to approve this plan,"
                          + " 'decline' to refuse",
                      "approve",
                      "decline"),
                  "approve",
                  "approved",
                  "declined");
      if (a.positive()) {
        approved.add(c);
      }
      acks.add(a);
    }
    return acks;
  }

  private void showRequest(ApprovalPrompt p) {
    Path file = Path.of("approval-request-" + p.request().approvalId() + ".txt");
    try {
      Files.write(file, p.request().bytes(), java.nio.file.StandardOpenOption.CREATE_NEW);
      out.println(
          "Custodians with an ssh-key sign the approval request, written to "
              + file.toAbsolutePath()
              + " (valid until "
              + p.request().expires()
              + "):");
    } catch (IOException e) {
      out.println(
          "Custodians with an ssh-key sign this approval request, exactly (it could not be"
              + " written to "
              + file
              + ": "
              + e.getMessage()
              + "):");
    }
    out.println("----- approval request -----");
    out.print(p.request().text());
    out.println("----- end of approval request -----");
    out.println(
        "Sign it with: ssh-keygen -Y sign -n kms-key-ceremony -f ~/.ssh/id_ed25519 "
            + file.getFileName());
  }

  private Acknowledgement signed(ApprovalPrompt p, String c) {
    return pasted(
        "custodian", c, p.roles().describe(c), "'decline'", "declined", "approved", p::check);
  }

  /** Roll call before anything else: end of input at the prompt records the person absent. */
  @Override
  public java.util.Map<String, String> rollCall(Roles roles) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    out.println("Roll call (operator " + roles.operator() + "):");
    List<String> people = new ArrayList<>(roles.custodians());
    people.addAll(roles.witnesses());
    for (String p : people) {
      String role = roles.custodians().contains(p) ? "custodian" : "witness";
      String a =
          ask(
              "  " + role + " " + roles.describe(p) + ": type 'present' or 'absent'",
              "present",
              "absent");
      m.put(p, a == null ? "absent" : a);
    }
    return m;
  }

  @Override
  public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
    out.println();
    out.println("Wrapping public key from KMS, SHA-256 of its DER SubjectPublicKeyInfo:");
    out.println(f.groupedHex());
    out.println("as BIP-39 words: " + f.wordsText());
    out.println(
        "Compare it with the value obtained independently (e.g. aws kms"
            + " get-parameters-for-import output hashed with openssl dgst -sha256).");
    List<Acknowledgement> acks = new ArrayList<>();
    for (String w : roles.witnesses()) {
      String a =
          ask(
              "Witness "
                  + roles.describe(w)
                  + ": type 'confirm' if it matches, 'mismatch'"
                  + " if not",
              "confirm",
              "mismatch");
      acks.add(typed("witness", w, a, "confirm", "confirmed", "mismatch"));
    }
    return acks;
  }

  @Override
  public List<Acknowledgement> confirmations(ConfirmationPrompt p) {
    Roles roles = p.roles();
    if (roles.witnesses().stream().noneMatch(w -> roles.key(w).isPresent())) {
      return confirmations(roles, p.fingerprint());
    }
    out.println();
    out.println("Wrapping public key from KMS, SHA-256 of its DER SubjectPublicKeyInfo:");
    out.println(p.fingerprint().groupedHex());
    out.println("as BIP-39 words: " + p.fingerprint().wordsText());
    Path file = Path.of("fingerprint-confirmation-" + p.ceremonyId() + ".txt");
    try {
      Files.write(file, p.bytes(), java.nio.file.StandardOpenOption.CREATE_NEW);
      out.println(
          "Witnesses with an ssh-key compare it with the value obtained independently and"
              + " sign "
              + file.toAbsolutePath()
              + ":");
    } catch (IOException e) {
      out.println(
          "Witnesses with an ssh-key sign this text exactly (it could not be written to "
              + file
              + ": "
              + e.getMessage()
              + "):");
    }
    out.print(p.text());
    out.println("with: ssh-keygen -Y sign -n kms-key-ceremony -f KEY " + file.getFileName());
    List<Acknowledgement> acks = new ArrayList<>();
    for (String w : roles.witnesses()) {
      if (roles.key(w).isEmpty()) {
        acks.add(
            typed(
                "witness",
                w,
                ask(
                    "Witness "
                        + roles.describe(w)
                        + ": type 'confirm' if it"
                        + " matches, 'mismatch' if not",
                    "confirm",
                    "mismatch"),
                "confirm",
                "confirmed",
                "mismatch"));
        continue;
      }
      acks.add(
          pasted("witness", w, roles.describe(w), "'mismatch'", "mismatch", "confirmed", p::check));
    }
    return acks;
  }

  /** Reads a pasted armored signature (up to three tries); checks it with {@code check}. */
  private Acknowledgement pasted(
      String role,
      String name,
      String described,
      String noWord,
      String negative,
      String positive,
      java.util.function.BiFunction<String, String, SignatureCheck.Result> check) {
    String no = noWord.replace("'", "");
    for (int tries = 0; tries < 3; tries++) {
      out.println(
          Character.toUpperCase(role.charAt(0))
              + role.substring(1)
              + " "
              + described
              + ": paste your signature (-----BEGIN SSH SIGNATURE----- ... -----END SSH"
              + " SIGNATURE-----), or type "
              + noWord
              + ":");
      out.flush();
      String first = line();
      if (first == null) {
        return absent(role, name);
      }
      if (first.trim().toLowerCase(Locale.ROOT).equals(no)) {
        return new Acknowledgement(role, name, negative, clock.instant(), "typed at the terminal");
      }
      StringBuilder sb = new StringBuilder(first).append('\n');
      String l = first;
      while (!l.contains(END)) {
        l = line();
        if (l == null) {
          break;
        }
        sb.append(l).append('\n');
      }
      SignatureCheck.Result r = check.apply("pasted at the terminal", sb.toString());
      if (r.valid() && r.name().equals(name)) {
        out.println("Signature by " + name + " verified.");
        return new Acknowledgement(
            role,
            name,
            positive,
            clock.instant(),
            "SSHSIG signature pasted at the terminal",
            r.evidence());
      }
      out.println(
          "Not counted: "
              + (r.valid()
                  ? "the signature is " + r.name() + "'s, not " + name + "'s"
                  : r.reason() + ": " + r.message()));
    }
    return new Acknowledgement(
        role,
        name,
        "no valid signature",
        clock.instant(),
        "three signatures pasted at the terminal did not verify");
  }

  private Acknowledgement typed(
      String role, String name, String answer, String yes, String positive, String negative) {
    if (answer == null) {
      return absent(role, name);
    }
    return new Acknowledgement(
        role,
        name,
        answer.equals(yes) ? positive : negative,
        clock.instant(),
        "typed at the terminal (unauthenticated)");
  }

  private Acknowledgement absent(String role, String name) {
    return new Acknowledgement(
        role, name, "absent", clock.instant(), "no answer: end of input at the prompt");
  }

  /** The answer, or null at end of input (absent). */
  private String ask(String prompt, String yes, String no) {
    for (int tries = 0; tries < 3; tries++) {
      out.print(prompt + ": ");
      out.flush();
      String line = line();
      if (line == null) {
        return null;
      }
      String a = line.trim().toLowerCase(Locale.ROOT);
      if (a.equals(yes) || a.equals(no)) {
        return a;
      }
      out.println("Please type '" + yes + "' or '" + no + "'.");
    }
    return no;
  }

  private String line() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
