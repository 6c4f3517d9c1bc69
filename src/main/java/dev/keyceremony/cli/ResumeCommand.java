package dev.keyceremony.cli;

import dev.keyceremony.workflow.CeremonyRunner;
import dev.keyceremony.workflow.Resumer;
import dev.keyceremony.workflow.RunResult;
import dev.keyceremony.workflow.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony resume BUNDLE_DIR}: continues an interrupted or failed ceremony. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continues a ceremony that was interrupted (Ctrl-C, a crash, a lost connection) or failed"
          + " with a cause another attempt can get past, appending to the same bundle.",
      "Verifies the bundle (its signer must be the key in the HSM that signed line 1), rebuilds"
          + " the ceremony's state from the transcript, asks KMS and the HSM what became of every"
          + " side effect that was announced but not recorded, and records what it found; then"
          + " continues from the first incomplete step. It never generates a second material and"
          + " never creates a second KMS key; the witnesses confirm again when new import"
          + " parameters had to be fetched.",
      "Exit codes: as run; 0 also for a ceremony that had already completed (nothing changed);"
          + " 1 for one that cannot be continued (abandoned, or failed for a final cause);"
          + " 4 for a bundle that does not verify (nothing touched)."
    })
final class ResumeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "the ceremony's bundle")
  Path bundle;

  @Mixin KmsOptions kms;

  @Mixin AcknowledgementOptions ack;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    if (dev.keyceremony.workflow.BatchRunner.isBatchBundle(bundle)) {
      return BatchCli.resume(bundle, ack.acknowledgements, ack.nonInteractive, o, e, debug.on);
    }
    Clock clock = Clock.systemUTC();
    CeremonyRunner runner = new CeremonyRunner(o, e, clock, StopSignal.install(e::println));
    Map<String, Object> env =
        new LinkedHashMap<>(
            EnvironmentFacts.collect(bundle.resolve("script.yaml").toString(), bundle, null));
    RunResult r =
        new Resumer(runner)
            .resume(
                bundle.toAbsolutePath().normalize(),
                s -> {
                  env.putAll(kms.facts(s, Map.of()));
                  s = kms.apply(s);
                  return ack.acknowledgements == null
                      ? s
                      : ScriptLoader.withAcknowledgements(s, ack.acknowledgements, clock, "resume");
                },
                s -> CeremonyIo.participants(s, ack.nonInteractive, "resume", o, e, clock, null),
                env);
    RunReport.print(o, e, r);
    return r.exitCode();
  }
}
