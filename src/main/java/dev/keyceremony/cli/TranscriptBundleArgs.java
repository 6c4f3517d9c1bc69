package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.SignerEnrolment;
import dev.keyceremony.transcript.SignerPin;
import dev.keyceremony.transcript.TranscriptBundle;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TrustList;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The DIR argument and the signer pins (--signer-fingerprint, --trust) shared by the transcript
 * commands, and the verification they all start with.
 */
final class TranscriptBundleArgs {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description =
          "The ceremony's transcript bundle directory (transcript.jsonl, transcript.sig, signer.pem,"
              + " script.yaml).")
  Path dir;

  @Option(
      names = "--signer-fingerprint",
      paramLabel = "SHA256",
      description =
          "Pin the signer: signer.pem's key must have this SHA-256 (hex of the DER"
              + " SubjectPublicKeyInfo, as 'ceremony hsm create-signer' printed it). Take it from your"
              + " organisation's records, never from the bundle.")
  String signerFingerprint;

  @Option(
      names = "--trust",
      paramLabel = "FILE|DIR",
      description =
          "Pin the signer with a trust file (lines 'SHA256 NAME'; '#' comments) or a signer"
              + " enrolment record directory written by 'ceremony hsm create-signer'. Repeatable.")
  List<Path> trust = new ArrayList<>();

  /**
   * Verifies the bundle against the pins; on bad input prints what is wrong and the fix to stderr
   * and returns empty (exit code {@link ExitCodes#INVALID_INPUT}).
   */
  Optional<VerificationReport> verify() {
    if (!Files.isDirectory(dir)) {
      return usageError(
          "DIR '"
              + dir
              + "' is not a directory: give the ceremony's transcript bundle directory"
              + " (it holds "
              + BundleFiles.TRANSCRIPT
              + ", "
              + BundleFiles.SIGNATURE
              + " and "
              + BundleFiles.SIGNER_PEM
              + ")");
    }
    List<SignerPin> pins = new ArrayList<>();
    if (signerFingerprint != null) {
      try {
        pins.add(new SignerPin(signerFingerprint, "by --signer-fingerprint"));
      } catch (IllegalArgumentException e) {
        return usageError("--signer-fingerprint: " + e.getMessage());
      }
    }
    for (Path t : trust) {
      try {
        pins.addAll(loadTrust(t));
      } catch (IllegalArgumentException | UncheckedIOException e) {
        return usageError("--trust: " + e.getMessage());
      }
    }
    try {
      return Optional.of(TranscriptVerifier.verifyPinned(TranscriptBundle.read(dir), pins));
    } catch (UncheckedIOException e) {
      return usageError(e.getMessage() + ": check the path and its permissions");
    }
  }

  /** A trust file (text) or an enrolment record (a bundle directory). */
  static List<SignerPin> loadTrust(Path t) {
    if (Files.isDirectory(t)) {
      return List.of(SignerEnrolment.pin(t));
    }
    try {
      return TrustList.parse(Files.readString(t, StandardCharsets.UTF_8), t.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read trust file "
              + t
              + " ("
              + e.getClass().getSimpleName()
              + "): give a trust file ('SHA256 NAME' lines) or a signer enrolment record directory",
          e);
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
