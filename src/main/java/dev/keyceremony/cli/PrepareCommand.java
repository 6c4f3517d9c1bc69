package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.workflow.AirGap;
import dev.keyceremony.workflow.CeremonyRunner;
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

/** {@code ./ceremony prepare SCRIPT}: phase 1 of an air-gapped ceremony, online, no HSM. */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Phase 1 of an air-gapped ceremony, on the ONLINE machine; loads no PKCS#11 module.",
      "KMS: preflight (reachability, the key, the alias), the custodians' approvals, CreateKey"
          + " when the script asks, GetParametersForImport. Writes a bundle with"
          + " WrappingPublicKey.der, ImportToken.bin, script.yaml and the transcript, and prints"
          + " the wrapping key's fingerprint and the prepare digest for the witnesses to write"
          + " down. The script must name wrapping.algorithm and pin"
          + " transcript.signer-fingerprint.",
      "Next: ./ceremony wrap DIR on the offline machine.",
      "prepare --refresh DIR: new import parameters for a bundle that waits for wrap or import"
          + " (they expire 24 h after prepare); the old WrappingPublicKey.der, ImportToken.bin"
          + " and EncryptedKeyMaterial.bin are kept as NAME.superseded-N; a new wrap follows.",
      "Exit codes: 0 done; 1 failed (recorded); 2 invalid input; 3 setup failed."
    })
final class PrepareCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCRIPT.yaml",
      description = "the ceremony script (not with --refresh)")
  Path script;

  @Option(
      names = "--refresh",
      paramLabel = "DIR",
      description = "fetch new import parameters for this bundle (waiting for wrap or import)")
  Path refresh;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "overrides transcript.out (the bundle is a new directory inside it)")
  Path out;

  @Mixin KmsOptions kms;

  @Mixin AcknowledgementOptions ack;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    if ((script == null) == (refresh == null)) {
      e.println(
          "prepare: give either SCRIPT.yaml (a new ceremony) or --refresh DIR (new import"
              + " parameters for a bundle), not "
              + (script == null ? "neither" : "both")
              + "; nothing was done");
      return ExitCodes.INVALID_INPUT;
    }
    if (refresh != null) {
      if (out != null || ack.nonInteractive || ack.acknowledgements != null) {
        e.println(
            "prepare --refresh: --out, --non-interactive and --acknowledgements belong to"
                + " a new ceremony; a refresh asks nobody and writes into DIR; nothing was done");
        return ExitCodes.INVALID_INPUT;
      }
      if (kms.override().any()) {
        e.println(
            "prepare --refresh: --endpoint-url, --region and --profile are not available"
                + " for a refresh yet: it uses the kms section recorded in the bundle; nothing was"
                + " done");
        return ExitCodes.INVALID_INPUT;
      }
      return new AirGap(new CeremonyRunner(o, e, clock, StopSignal.install(e::println)))
          .refresh(refresh.toAbsolutePath().normalize());
    }
    String runId = ScriptLoader.newRunId(clock);
    ScriptLoader.Loaded loaded = ScriptLoader.load(script, out, ack.acknowledgements, clock, runId);
    dev.keyceremony.ceremony.script.CeremonyScript s = kms.apply(loaded.script());
    Participants p = CeremonyIo.participants(s, ack.nonInteractive, "prepare", o, e, clock, null);
    if (p == null) {
      return ExitCodes.INVALID_INPUT;
    }
    return new AirGap(new CeremonyRunner(o, e, clock, StopSignal.install(e::println)))
        .prepare(
            s,
            loaded.bytes(),
            runId,
            kms.facts(
                loaded.script(),
                EnvironmentFacts.collect(
                    script.toString(), script.toAbsolutePath().getParent(), loaded.bytes())),
            p);
  }
}
