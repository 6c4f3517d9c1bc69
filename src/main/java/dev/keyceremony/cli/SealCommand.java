package dev.keyceremony.cli;

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

/** {@code ./ceremony seal DIR}: phase 4 of an air-gapped ceremony, offline, with the HSM. */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = {
      "Phase 4 of an air-gapped ceremony, on the OFFLINE machine with the HSM; opens no network"
          + " connection.",
      "The HSM re-checks KMS's recorded answers (MAC equality, KMS's signature under the HSM"
          + " public key, public key equality, check values) and signs the complete transcript;"
          + " stock OpenSSL verifies it afterwards.",
      "Exit codes: 0 sealed and verified; 1 a proof failed (recorded) or wrong signer; 2 wrong"
          + " phase; 3 HSM setup failed; 4 the bundle changed since import."
    })
final class SealCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "the bundle import completed")
  Path bundle;

  @Option(
      names = "--import-digest",
      paramLabel = "HEX_OR_WORDS",
      description =
          "the import digest the witnesses wrote down online; compared with the one"
              + " computed from the bundle")
  String importDigest;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    return new AirGap(new CeremonyRunner(o, e, clock, StopSignal.install(e::println)))
        .seal(bundle.toAbsolutePath().normalize(), importDigest);
  }
}
