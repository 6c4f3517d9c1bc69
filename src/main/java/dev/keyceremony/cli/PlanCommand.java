package dev.keyceremony.cli;

import dev.keyceremony.workflow.HsmConnector;
import dev.keyceremony.workflow.KmsConnector;
import dev.keyceremony.workflow.OpenedKms;

import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.kms.KmsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
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

  @Option(names = "--out", paramLabel = "DIR", description = "overrides transcript.out")
  Path out;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    CeremonyScript s;
    try {
      s = ScriptLoader.load(script, out, null, clock, "{run}").script();
    } catch (ScriptException ex) {
      e.println(ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    o.println("Script " + script + " is valid.");
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException ex) {
      e.println("HSM: " + ex.getMessage());
      return ExitCodes.SETUP_FAILED;
    }
    try (hsm; OpenedKms kms = KmsConnector.open(s.kms())) {
      String mode = s.acknowledgements() != null ? "interactive, or non-interactive from the"
          + " script's acknowledgements" : "interactive";
      List<String> lines = Ceremony.plan(s, hsm.session(), kms.kms(), mode);
      o.println("Preflight passed. 'run' would carry out ({run} becomes the run ID):");
      lines.forEach(l -> o.println("  " + l));
      if (hsm.session().findSigner(s.transcript().signer()).isEmpty()) {
        o.println("Note: signer key '" + s.transcript().signer() + "' does not exist yet; create"
            + " it with ./ceremony hsm create-signer --label " + s.transcript().signer());
      }
      return ExitCodes.OK;
    } catch (CeremonyFailure | KmsException | HsmException ex) {
      e.println("plan: preflight failed: " + ex.getMessage());
      return ExitCodes.FAILED;
    } catch (RuntimeException ex) {
      return ExitCodes.unexpected(e, "plan", ex, debug.on);
    }
  }
}
