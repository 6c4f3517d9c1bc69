package dev.keyceremony.cli;

import dev.keyceremony.ceremony.ApprovalPlanning;
import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.workflow.HsmConnector;
import dev.keyceremony.workflow.KmsConnector;
import dev.keyceremony.workflow.OpenedKms;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony plan SCRIPT.yaml}: validates and checks, prints the steps; changes nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the script, runs the HSM self-test and the KMS key checks, and prints the exact"
          + " steps 'run' would take.",
      "No side effects: no key is created, no transcript written; the self-test uses session"
          + " objects only, destroyed afterwards. KMS calls: ListKeys, DescribeKey (read-only)."
    })
final class PlanCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCRIPT.yaml", description = "the ceremony script")
  Path script;

  @Option(
      names = "--out",
      paramLabel = "DIR|FILE",
      description =
          "text: overrides transcript.out (DIR);"
              + " html: the FILE to write (a new file; default: stdout)")
  Path out;

  @Option(
      names = "--approval-request",
      paramLabel = "FILE",
      description =
          "also write the approval request custodians sign (ssh-keygen -Y sign -n"
              + " kms-key-ceremony -f KEY FILE); created new, never overwritten")
  Path approvalRequest;

  @Option(
      names = "--approval-valid-hours",
      paramLabel = "HOURS",
      defaultValue = "24",
      description = "how long the approval request may be used (default 24)")
  int approvalValidHours;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "text (default: validate, preflight, print the steps) or html (the printable script:"
              + " steps, witness checks, sign-off lines, the script's SHA-256 on every page; validation only,"
              + " no device is touched)")
  String format = "text";

  @Mixin KmsOptions kms;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    ScriptLoader.Read read = ScriptLoader.read(script);
    if (read.bulk()) {
      return BatchCli.plan(read, o, e);
    }
    Clock clock = Clock.systemUTC();
    if (!format.equals("text") && !format.equals("html")) {
      e.println("plan: --format '" + format + "' is not known; allowed: text, html");
      return ExitCodes.INVALID_INPUT;
    }
    CeremonyScript s;
    byte[] scriptBytes;
    ScriptLoader.Loaded loaded =
        ScriptLoader.load(read, format.equals("html") ? null : out, null, clock, "{run}");
    s = kms.apply(loaded.script());
    scriptBytes = loaded.bytes();
    if (format.equals("html")) {
      return printable(s, scriptBytes, o, e);
    }
    o.println("Script " + script + " is valid.");
    if (kms.override().any()) {
      o.println(
          "KMS: "
              + s.kms().describe()
              + " (command-line options; the script says "
              + loaded.script().kms().describe()
              + ")");
    }
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException ex) {
      e.println("HSM: " + ex.getMessage());
      return ExitCodes.SETUP_FAILED;
    }
    try (hsm;
        OpenedKms kms = KmsConnector.open(s.kms())) {
      String mode =
          s.acknowledgements() != null
              ? "interactive, or non-interactive from the" + " script's acknowledgements"
              : "interactive";
      List<String> lines;
      if (approvalRequest != null) {
        if (Files.exists(approvalRequest)) {
          e.println(
              "plan: "
                  + approvalRequest
                  + " already exists; an approval request is never"
                  + " overwritten: choose another FILE");
          return ExitCodes.INVALID_INPUT;
        }
        ApprovalPlanning.Planned p =
            ApprovalPlanning.plan(
                s,
                hsm.session(),
                kms.kms(),
                mode,
                Fingerprint.sha256Hex(scriptBytes),
                clock,
                Duration.ofHours(Math.max(1, approvalValidHours)));
        lines = p.lines();
        Files.write(approvalRequest, p.request().bytes(), StandardOpenOption.CREATE_NEW);
        o.println(
            "Approval request "
                + p.request().approvalId()
                + " written to "
                + approvalRequest
                + " (valid until "
                + p.request().expires()
                + "). Each custodian"
                + " signs it: ssh-keygen -Y sign -n kms-key-ceremony -f KEY "
                + approvalRequest
                + "; collect the .sig files with it in one directory for run --approvals DIR.");
      } else {
        lines = Ceremony.plan(s, hsm.session(), kms.kms(), mode);
      }
      o.println("Preflight passed. 'run' would carry out ({run} becomes the run ID):");
      lines.forEach(l -> o.println("  " + l));
      if (hsm.session().findSigner(s.transcript().signer()).isEmpty()) {
        o.println(
            "Note: signer key '"
                + s.transcript().signer()
                + "' does not exist yet; create"
                + " it with ./ceremony hsm create-signer --label "
                + s.transcript().signer());
      }
      return ExitCodes.OK;
    } catch (java.io.IOException ex) {
      e.println("plan: cannot write " + approvalRequest + ": " + ex.getMessage());
      return ExitCodes.FAILED;
    } catch (CeremonyFailure | KmsException | HsmException ex) {
      e.println("plan: preflight failed: " + ex.getMessage());
      return ExitCodes.FAILED;
    }
  }

  /** The printable script: no device is touched. */
  private int printable(CeremonyScript s, byte[] bytes, PrintWriter o, PrintWriter e) {
    String mode =
        s.acknowledgements() != null
            ? "interactive, or non-interactive from the script's" + " acknowledgements"
            : "interactive";
    String html =
        PlanHtml.render(
            s,
            dev.keyceremony.transcript.Hashes.sha256Hex(bytes),
            script.toString(),
            dev.keyceremony.ceremony.PrintedScript.steps(s, mode));
    if (out == null) {
      o.print(html);
      o.flush();
      return ExitCodes.OK;
    }
    try {
      java.nio.file.Files.writeString(
          out,
          html,
          java.nio.charset.StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
    } catch (java.nio.file.FileAlreadyExistsException ex) {
      e.println(
          "plan: --out " + out + " already exists; it is never overwritten: choose another name");
      return ExitCodes.INVALID_INPUT;
    } catch (java.io.IOException ex) {
      e.println(
          "plan: cannot write --out " + out + " (" + ex.getMessage() + "); check the directory");
      return ExitCodes.INVALID_INPUT;
    }
    o.println(
        "Printable script written: "
            + out
            + " (script SHA-256 "
            + dev.keyceremony.transcript.Hashes.sha256Hex(bytes)
            + ")");
    return ExitCodes.OK;
  }
}
