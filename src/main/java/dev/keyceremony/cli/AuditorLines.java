package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.SignerPin;
import dev.keyceremony.transcript.SignerTrust;
import dev.keyceremony.transcript.TranscriptBundle;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code run} and {@code demo} print for auditors after a ceremony: the same first line as
 * {@code transcript verify}, and the verify and report commands with the signer pinned (the
 * fingerprint comes from the HSM key that signed, not from the bundle).
 */
final class AuditorLines {
  private AuditorLines() {}

  /** Verifies a bundle just written, pinned to the HSM signer key that wrote it. */
  static VerificationReport verifyPinned(Path bundle, String signerFingerprint, String signerLabel) {
    return TranscriptVerifier.verifyPinned(TranscriptBundle.read(bundle),
        List.of(new SignerPin(signerFingerprint, "HSM key '" + signerLabel + "'")));
  }

  static void print(PrintWriter out, Path bundle, VerificationReport r) {
    out.println("Transcript: " + bundle);
    out.println("  " + r.headline());
    String fp = r.trust().status() == SignerTrust.Status.PINNED ? r.signerFingerprint() : null;
    out.println("For auditors (the signer pinned; keep its fingerprint in your records):");
    out.println("  " + BundleFiles.pinnedVerifyCommand(bundle, fp));
    out.println("  ./ceremony transcript report " + bundle + " --signer-fingerprint "
        + (fp == null ? "<SHA-256 from your records>" : fp) + " --out " + bundle.resolve("report.html"));
    out.println("  without this tool: " + BundleFiles.opensslVerifyCommand(bundle));
    out.println("    and check the signer: " + BundleFiles.opensslFingerprintCommand(bundle)
        + (fp == null ? "" : "   # must print " + fp));
  }
}
