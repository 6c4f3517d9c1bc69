package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.PresignedApprovals;
import dev.keyceremony.ceremony.script.ScriptException;
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
          + " did not verify; 130 interrupted (Ctrl-C, SIGTERM; recorded)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCRIPT.yaml", description = "the ceremony script")
  Path script;

  @Option(names = "--non-interactive",
      description = "take approvals and confirmations from the script's acknowledgements or"
          + " --acknowledgements FILE instead of prompting")
  boolean nonInteractive;

  @Option(names = "--out", paramLabel = "DIR",
      description = "overrides transcript.out (relative to the current directory)")
  Path out;

  @Option(names = "--acknowledgements", paramLabel = "FILE",
      description = "YAML with approvals: [custodians] and confirmations: [witnesses]")
  Path acknowledgements;

  @Option(names = "--approvals", paramLabel = "DIR",
      description = "the approval request (plan --approval-request) and the custodians' .sig files (ssh-keygen -Y sign)")
  Path approvals;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    ScriptLoader.Read read;
    try {
      read = ScriptLoader.read(script);
    } catch (ScriptException ex) {
      e.println(ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    if (read.bulk()) {
      return BatchCli.run(read, out, acknowledgements, nonInteractive, approvals != null, o, e,
          debug.on);
    }
    Clock clock = Clock.systemUTC();
    String runId = ScriptLoader.newRunId(clock);
    ScriptLoader.Loaded loaded;
    try {
      loaded = ScriptLoader.load(read, out, acknowledgements, clock, runId);
    } catch (ScriptException ex) {
      e.println(ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    PresignedApprovals presigned = null;
    if (approvals != null) {
      try {
        presigned = ApprovalsDir.read(approvals, runId);
      } catch (IllegalArgumentException | dev.keyceremony.ceremony.CeremonyFailure ex) {
        e.println(ex.getMessage() + "; nothing was done");
        return ExitCodes.INVALID_INPUT;
      }
    }
    Participants p = CeremonyIo.participants(loaded.script(), nonInteractive, "run", o, e, clock,
        presigned);
    if (p == null) {
      return ExitCodes.INVALID_INPUT;
    }
    CeremonyRunner runner = new CeremonyRunner(o, e, clock, StopSignal.install(e::println));
    try {
      RunResult r = runner.run(loaded.script(), loaded.bytes(), runId,
          EnvironmentFacts.collect(script.toString(), script.toAbsolutePath().getParent(),
              loaded.bytes()), p);
      RunReport.print(o, e, r);
      return r.exitCode();
    } catch (RuntimeException ex) {
      return ExitCodes.unexpected(e, "run", ex, debug.on);
    }
  }
}
