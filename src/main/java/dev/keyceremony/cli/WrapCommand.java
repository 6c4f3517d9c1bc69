package dev.keyceremony.cli;

import dev.keyceremony.ceremony.AirGapPhases;
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

/** {@code ./ceremony wrap DIR}: phase 2 of an air-gapped ceremony, offline, with the HSM. */
@Command(
    name = "wrap",
    mixinStandardHelpOptions = true,
    description = {
      "Phase 2 of an air-gapped ceremony, on the OFFLINE machine with the HSM; opens no network"
          + " connection and reads no AWS credentials.",
      "Checks the bundle (chain, files unchanged since prepare, the pinned signer), shows the"
          + " fingerprint computed from WrappingPublicKey.der for the witnesses to compare with"
          + " what they wrote down (a mismatch stops and is recorded), generates (or finds) the"
          + " material, wraps it in the HSM into EncryptedKeyMaterial.bin, computes the HSM's"
          + " half of the proofs, and HSM-signs the transcript so far.",
      "Exit codes: 0 done; 1 failed (recorded) or wrong signer; 2 wrong phase or invalid input;"
          + " 3 HSM setup failed; 4 the bundle changed since prepare."
    })
final class WrapCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "the bundle prepare wrote")
  Path bundle;

  @Option(
      names = "--wrapping-key-fingerprint",
      paramLabel = "HEX_OR_WORDS",
      description =
          "the fingerprint the witnesses wrote down in prepare; compared with the"
              + " one computed from the file")
  String wrappingKey;

  @Option(
      names = "--prepare-digest",
      paramLabel = "HEX_OR_WORDS",
      description = "the prepare digest the witnesses wrote down; compared likewise")
  String prepareDigest;

  @Mixin AcknowledgementOptions ack;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    return new AirGap(new CeremonyRunner(o, e, clock, StopSignal.install(e::println)))
        .wrap(
            bundle.toAbsolutePath().normalize(),
            s ->
                CeremonyIo.participants(
                    ack.acknowledgements == null
                        ? s
                        : ScriptLoader.withAcknowledgements(s, ack.acknowledgements, clock, "wrap"),
                    ack.nonInteractive,
                    "wrap",
                    o,
                    e,
                    clock,
                    null),
            new AirGapPhases.WrittenDown(wrappingKey, prepareDigest));
  }
}
