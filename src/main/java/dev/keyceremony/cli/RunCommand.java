package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.PresignedApprovals;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.workflow.CeremonyRunner;
import dev.keyceremony.workflow.RunResult;
import dev.keyceremony.workflow.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony run SCRIPT.yaml}: carries out a ceremony end to end. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Carries out a key ceremony end to end and leaves a signed transcript bundle.",
      "HSM: generates (or finds) the key material, imports the KMS wrapping key as a session"
          + " object, wraps inside the token, destroys the session objects.",
      "KMS: CreateKey (when asked, tagged with the ceremony ID), GetParametersForImport,"
          + " ImportKeyMaterial, then read-only and crypto calls for the proof.",
      "Every side effect is announced in the transcript before it happens and recorded after, so"
          + " an interrupted ceremony can be continued with 'resume' or undone with 'abandon'.",
      "Exit codes: 0 done and verified; 1 failed (recorded in the signed transcript); 2 invalid"
          + " input; 3 setup failed before the ceremony could start (recorded in an unsigned"
          + " transcript, or a signed one for a kms section that gives no client); 4 transcript"
          + " did not verify; 5 stopped by an unexpected error after the ceremony had started"
          + " (the message names what exists now; continue with 'resume BUNDLE' or undo with"
          + " 'abandon BUNDLE'); 130 interrupted (Ctrl-C, SIGTERM; recorded)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCRIPT.yaml", description = "the ceremony script")
  Path script;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "overrides transcript.out (relative to the current directory)")
  Path out;

  @Option(
      names = "--approvals",
      paramLabel = "DIR",
      description =
          "the approval request (plan --approval-request) and the custodians' .sig files (ssh-keygen -Y sign)")
  Path approvals;

  @Mixin KmsOptions kms;

  @Mixin AcknowledgementOptions ack;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    ScriptLoader.Read read = ScriptLoader.read(script);
    if (read.bulk()) {
      return BatchCli.run(
          read, out, ack.acknowledgements, ack.nonInteractive, approvals != null, o, e, kms);
    }
    Clock clock = Clock.systemUTC();
    String runId = ScriptLoader.newRunId(clock);
    ScriptLoader.Loaded loaded = ScriptLoader.load(read, out, ack.acknowledgements, clock, runId);
    CeremonyScript s = kms.apply(loaded.script());
    PresignedApprovals presigned = null;
    if (approvals != null) {
      try {
        presigned = ApprovalsDir.read(approvals, runId);
      } catch (IllegalArgumentException | dev.keyceremony.ceremony.CeremonyFailure ex) {
        e.println(ex.getMessage() + "; nothing was done");
        return ExitCodes.INVALID_INPUT;
      }
    }
    Participants p = CeremonyIo.participants(s, ack.nonInteractive, "run", o, e, clock, presigned);
    if (p == null) {
      return ExitCodes.INVALID_INPUT;
    }
    CeremonyRunner runner = new CeremonyRunner(o, e, clock, StopSignal.install(e::println));
    RunResult r =
        runner.run(
            s,
            loaded.bytes(),
            runId,
            kms.facts(
                loaded.script(),
                EnvironmentFacts.collect(
                    script.toString(), script.toAbsolutePath().getParent(), loaded.bytes())),
            p);
    RunReport.print(o, e, r);
    return r.exitCode();
  }
}
