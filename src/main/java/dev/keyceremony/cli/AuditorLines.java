package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.SignerTrust;
import dev.keyceremony.transcript.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code run} and {@code demo} print for auditors after a ceremony: the same first line as
 * {@code transcript verify}, and the verify and report commands with the signer pinned (the
 * fingerprint comes from the HSM key that signed, not from the bundle).
 */
final class AuditorLines {
  private AuditorLines() {}

  static void print(PrintWriter out, Path bundle, VerificationReport r) {
    out.println("Transcript: " + bundle);
    out.println("  " + r.headline());
    String fp = r.trust().status() == SignerTrust.Status.PINNED ? r.signerFingerprint() : null;
    out.println("For auditors (the signer pinned; keep its fingerprint in your records):");
    out.println("  " + BundleFiles.pinnedVerifyCommand(bundle, fp));
    out.println(
        "  ./ceremony transcript report "
            + bundle
            + " --signer-fingerprint "
            + (fp == null ? "<SHA-256 from your records>" : fp)
            + " --out "
            + bundle.resolve("report.html"));
    out.println("  without this tool: " + BundleFiles.opensslVerifyCommand(bundle));
    out.println(
        "    and check the signer: "
            + BundleFiles.opensslFingerprintCommand(bundle)
            + (fp == null ? "" : "   # must print " + fp));
  }
}
