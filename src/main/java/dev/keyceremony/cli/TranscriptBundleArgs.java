package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The DIR argument and --signer-fingerprint shared by the transcript commands, and the
 * verification they all start with.
 */
final class TranscriptBundleArgs {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR",
      description = "The ceremony's transcript bundle directory (transcript.jsonl, transcript.sig, signer.pem).")
  Path dir;

  @Option(names = "--signer-fingerprint", paramLabel = "SHA256",
      description = "Also require signer.pem's key to have this SHA-256 (hex of the DER SubjectPublicKeyInfo,"
          + " as recorded at the ceremony).")
  String signerFingerprint;

  /**
   * Verifies the bundle; on bad input prints what is wrong and the fix to stderr and returns empty
   * (exit code {@link ExitCodes#INVALID_INPUT}).
   */
  Optional<VerificationReport> verify() {
    if (!Files.isDirectory(dir)) {
      return usageError("DIR '" + dir + "' is not a directory: give the ceremony's transcript bundle directory"
          + " (it holds " + BundleFiles.TRANSCRIPT + ", " + BundleFiles.SIGNATURE + " and "
          + BundleFiles.SIGNER_PEM + ")");
    }
    String fp = null;
    if (signerFingerprint != null) {
      try {
        fp = TranscriptVerifier.normaliseFingerprint(signerFingerprint);
      } catch (IllegalArgumentException e) {
        return usageError("--signer-fingerprint: " + e.getMessage());
      }
    }
    try {
      return Optional.of(TranscriptVerifier.verify(dir, fp));
    } catch (UncheckedIOException e) {
      return usageError(e.getMessage() + ": check the path and its permissions");
    }
  }

  private Optional<VerificationReport> usageError(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + message);
    err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
    err.flush();
    return Optional.empty();
  }
}
