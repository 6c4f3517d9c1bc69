package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.Finding;
import dev.keyceremony.transcript.SignerTrust;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ceremony transcript verify DIR [--signer-fingerprint SHA256 | --trust FILE|DIR]}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a transcript bundle offline and gives two verdicts on the first line: the ceremony's"
          + " outcome, and its integrity (every line RFC 8785 canonical JSON, prev chaining SHA-256 of the"
          + " previous line, transcript.sig valid over the exact bytes, script.yaml matching line 1, and the"
          + " signer pinned by --signer-fingerprint or --trust).",
      "A valid signature by a key nobody pinned is not a pass: anyone can re-sign an altered copy with"
          + " their own key. Prints the first bad line when it fails, and the OpenSSL commands that check"
          + " the same without this tool."
    })
final class TranscriptVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TranscriptBundleArgs bundle;

  @Override
  public Integer call() {
    Optional<VerificationReport> verified = bundle.verify();
    if (verified.isEmpty()) {
      return ExitCodes.INVALID_INPUT;
    }
    VerificationReport r = verified.get();
    PrintWriter out = spec.commandLine().getOut();
    out.println(r.headline());
    out.println("  outcome: " + r.outcome().detail());
    if (r.verdict() != Verdict.INVALID) { // else the first line already holds the first problem
      out.println("  integrity: " + r.summary());
    }
    for (Finding f : r.problems().subList(Math.min(1, r.problems().size()), r.problems().size())) {
      out.println("  also: " + f);
    }
    for (Finding w : r.warnings()) {
      out.println("  warning: " + w);
    }
    out.println();
    if (r.trust().status() == SignerTrust.Status.NOT_PINNED) {
      out.println(
          "The signature is valid, but nothing says whose key made it: anyone can re-sign an"
              + " altered copy with a key of their own. Compare the signer's fingerprint");
      out.println("  " + r.signerFingerprint());
      out.println(
          "with your organisation's records (the signer's enrolment record, or what 'ceremony hsm"
              + " create-signer' printed), then pin it:");
      out.println("  " + BundleFiles.pinnedVerifyCommand(bundle.dir, null));
      out.println("  " + BundleFiles.trustVerifyCommand(bundle.dir));
      out.println();
    }
    if (r.verdict() == Verdict.UNSIGNED) {
      out.println(
          "There is no signature to check: nothing vouches for these lines beyond their own"
              + " hash chain. Line 1 (data.signer) says why no signer was available.");
      out.flush();
      return ExitCodes.of(r.status());
    }
    out.println("Check it without this tool (stock OpenSSL and coreutils):");
    if (r.verdict() == Verdict.UNSIGNED_TAIL) {
      out.println(
          "  head -n "
              + r.signedLineCount()
              + " "
              + BundleFiles.transcript(bundle.dir)
              + " | openssl dgst -sha384 -verify "
              + BundleFiles.signerPem(bundle.dir)
              + " -signature "
              + BundleFiles.signature(bundle.dir)
              + "   # the signed prefix");
    } else {
      out.println("  " + BundleFiles.opensslVerifyCommand(bundle.dir));
    }
    out.println("  " + BundleFiles.opensslFingerprintCommand(bundle.dir));
    out.println(
        "    (prints the signer's SHA-256: it must equal the one in your records; OpenSSL's"
            + " 'Verified OK' alone does not say whose key signed)");
    out.println(
        "  The hash chain: see docs/guides/auditor.md, section \"Checking without this"
            + " tool\", for a sha256sum recipe.");
    out.flush();
    return ExitCodes.of(r.status());
  }
}
