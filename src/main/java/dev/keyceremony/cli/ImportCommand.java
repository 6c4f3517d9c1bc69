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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony import DIR}: phase 3 of an air-gapped ceremony, online, no HSM. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Phase 3 of an air-gapped ceremony, on the ONLINE machine; loads no PKCS#11 module.",
      "Verifies the HSM's signature against the signer the script pins"
          + " (transcript.signer-fingerprint, not merely signer.pem), checks the files, then"
          + " ImportKeyMaterial with EncryptedKeyMaterial.bin and ImportToken.bin, and KMS's half"
          + " of the proofs over the challenge chosen offline.",
      "Exit codes: 0 done; 1 failed (recorded), wrong signer or expired parameters; 2 wrong"
          + " phase; 3 KMS setup failed; 4 the bundle changed since wrap."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "the bundle wrap signed")
  Path bundle;

  @Mixin KmsOptions kms;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    return new AirGap(new CeremonyRunner(o, e, clock, StopSignal.install(e::println)))
        .importPhase(bundle.toAbsolutePath().normalize(), kms.override());
  }
}
