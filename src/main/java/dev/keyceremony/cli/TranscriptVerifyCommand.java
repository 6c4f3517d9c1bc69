package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.Finding;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.transcript.Verdict;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ceremony transcript verify DIR [--signer-fingerprint SHA256]}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a transcript bundle offline: every line RFC 8785 canonical JSON, seq counting from 1,"
          + " prev chaining SHA-256 of the previous line, one ceremony id, line 1 naming the signer in"
          + " signer.pem, and transcript.sig valid over the exact bytes of transcript.jsonl.",
      "Prints the first bad line when it fails, and the OpenSSL commands that check the same without"
          + " this tool."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:valid: every line canonical and chained, the whole file signed",
      "2:bad command line",
      "4:invalid: the report names the first bad line (or file)",
      "5:signed prefix only: lines after the last checkpoint are unsigned (interrupted ceremony?)",
      "6:not signed: line 1 says no signer was available (e.g. a wrong PIN); chain intact"
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
    out.println(r.summary());
    for (Finding f : r.problems().subList(Math.min(1, r.problems().size()), r.problems().size())) {
      out.println("  also: " + f);
    }
    for (Finding w : r.warnings()) {
      out.println("  warning: " + w);
    }
    out.println();
    if (r.verdict() == Verdict.UNSIGNED) {
      out.println("There is no signature to check: nothing vouches for these lines beyond their own"
          + " hash chain. Line 1 (data.signer) says why no signer was available.");
      out.flush();
      return ExitCodes.of(r.verdict());
    }
    out.println("Check it without this tool (stock OpenSSL and coreutils):");
    if (r.verdict() == Verdict.UNSIGNED_TAIL) {
      out.println("  head -n " + r.signedLineCount() + " " + BundleFiles.transcript(bundle.dir)
          + " | openssl dgst -sha384 -verify " + BundleFiles.signerPem(bundle.dir) + " -signature "
          + BundleFiles.signature(bundle.dir) + "   # the signed prefix");
    } else {
      out.println("  " + BundleFiles.opensslVerifyCommand(bundle.dir));
    }
    out.println("  " + BundleFiles.opensslFingerprintCommand(bundle.dir));
    out.println("    (prints the signer's SHA-256; line 1 records it as data.signer.fingerprintSha256)");
    out.println("  The hash chain: see the README, section \"Transcript\", for a sha256sum recipe.");
    out.flush();
    return ExitCodes.of(r.verdict());
  }
}
