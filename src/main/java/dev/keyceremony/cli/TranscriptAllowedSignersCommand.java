package dev.keyceremony.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ceremony transcript allowed-signers DIR [--out OUT]}: from the approvals a transcript
 * recorded, writes what stock OpenSSH needs to re-verify them: an allowed_signers file, the signed
 * approval request, one .sig file per signature, and prints the {@code ssh-keygen -Y verify}
 * commands.
 */
@Command(
    name = "allowed-signers",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts the custodians' signed approvals from a transcript for stock OpenSSH: OUT/"
          + "allowed_signers, OUT/approval-request-N.txt and OUT/fingerprint-confirmation-N.txt"
          + " (the signed bytes of entry N) and one OUT/N-NAME.sig per signature; prints the"
          + " ssh-keygen -Y verify command for each.",
      "Reads the bundle only; OUT (default: DIR-signatures) must not exist yet."
    })
final class TranscriptAllowedSignersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TranscriptBundleArgs bundle;

  @Option(names = "--out", paramLabel = "OUT", description = "directory to create for the files")
  Path out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Optional<VerificationReport> verified = bundle.verify();
    if (verified.isEmpty()) {
      return ExitCodes.INVALID_INPUT;
    }
    VerificationReport r = verified.get();
    if (r.verdict() != Verdict.VALID) {
      e.println(
          "Warning: the transcript does not verify as a whole ("
              + r.summary()
              + "); the"
              + " signatures below are extracted anyway.");
    }
    Path dir = out != null ? out : Path.of(bundle.dir.toAbsolutePath().normalize() + "-signatures");
    if (Files.exists(dir)) {
      e.println("transcript allowed-signers: " + dir + " already exists; choose another --out");
      return ExitCodes.INVALID_INPUT;
    }
    Map<String, String> signers = new LinkedHashMap<>();
    StringBuilder commands = new StringBuilder();
    int count = 0;
    try {
      Files.createDirectories(dir);
      for (TranscriptEntry entry : r.entries()) {
        JsonNode d = entry.data();
        String signedText;
        JsonNode answers;
        String kind;
        if (entry.type().equals("step.approvals") && d.path("request").has("text")) {
          signedText = d.path("request").path("text").asText();
          answers = d.path("acknowledgements");
          kind = "approval-request-";
        } else if (entry.type().equals("step.parameters") && d.has("confirmationText")) {
          signedText = d.path("confirmationText").asText();
          answers = d.path("confirmations");
          kind = "fingerprint-confirmation-";
        } else {
          continue;
        }
        Path request = dir.resolve(kind + entry.seq() + ".txt");
        write(request, signedText);
        for (JsonNode a : answers) {
          JsonNode ev = a.path("evidence");
          if (!ev.has("signature")) {
            continue;
          }
          String name = a.path("name").asText();
          signers.putIfAbsent(name + " " + ev.path("sshKey").asText(), name);
          Path sig = dir.resolve(entry.seq() + "-" + name + ".sig");
          write(sig, ev.path("signature").asText());
          count++;
          commands
              .append("ssh-keygen -Y verify -f ")
              .append(dir.resolve("allowed_signers"))
              .append(" -I ")
              .append(name)
              .append(" -n ")
              .append(ev.path("namespace").asText())
              .append(" -s ")
              .append(sig)
              .append(" < ")
              .append(request)
              .append('\n');
        }
      }
      StringBuilder allowed = new StringBuilder();
      signers.forEach(
          (line, name) ->
              allowed
                  .append(name)
                  .append(" namespaces=\"")
                  .append("kms-key-ceremony\" ")
                  .append(line.substring(name.length() + 1))
                  .append('\n'));
      write(dir.resolve("allowed_signers"), allowed.toString());
    } catch (IOException ex) {
      e.println("transcript allowed-signers: cannot write in " + dir + ": " + ex.getMessage());
      return ExitCodes.FAILED;
    }
    o.println(
        count
            + " signature(s) (approvals, fingerprint confirmations) from "
            + signers.size()
            + " signer(s) written to "
            + dir
            + (count == 0
                ? " (the ceremony's approvals and confirmations were"
                    + " unauthenticated: plain names)"
                : ""));
    if (count > 0) {
      o.println("Verify each with stock OpenSSH:");
      o.print(commands);
    }
    o.flush();
    // An extraction for OpenSSH, not a verdict: the chain and signature decide, the pin does not
    // (ssh-keygen -Y verify checks the custodians' signatures against the roster on its own).
    return switch (r.verdict()) {
      case VALID -> ExitCodes.OK;
      case UNSIGNED_TAIL -> ExitCodes.TRANSCRIPT_INCOMPLETE;
      case UNSIGNED -> ExitCodes.TRANSCRIPT_UNSIGNED;
      case INVALID -> ExitCodes.TRANSCRIPT_INVALID;
    };
  }

  private static void write(Path p, String text) throws IOException {
    Files.write(p, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
  }
}
