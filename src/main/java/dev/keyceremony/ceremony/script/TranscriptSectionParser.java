package dev.keyceremony.ceremony.script;

import java.nio.file.Path;
import java.util.List;

/** The {@code transcript} section: the output directory, the signing key and its fingerprint. */
final class TranscriptSectionParser {
  static final List<String> KEYS = List.of("out", "signer", "signer-fingerprint");

  private TranscriptSectionParser() {}

  static TranscriptSection parse(Fields f, Path base) {
    String out = f.text("out", true, "the directory that receives one new bundle per ceremony");
    String signer =
        f.text(
            "signer",
            true,
            "the HSM label of the transcript-signing key"
                + " (create it with ./ceremony hsm create-signer --label LABEL)");
    if (signer != null && signer.length() > 128) {
      f.problem("signer", "label is longer than 128 characters");
      signer = null;
    }
    String pin = f.text("signer-fingerprint", false, "the SHA-256 of the signer's public key");
    if (pin != null) {
      String norm = pin.replace(":", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
      if (!norm.matches("[0-9a-f]{64}")) {
        f.problem(
            "signer-fingerprint",
            "'"
                + pin
                + "' is not a SHA-256 in hex (64 hex digits, as"
                + " printed by 'openssl pkey -pubin -in signer.pem -outform DER | openssl dgst -sha256')");
        pin = null;
      } else {
        pin = norm;
      }
    }
    if (out == null || signer == null) {
      return null;
    }
    return new TranscriptSection(base.resolve(out).normalize(), signer, pin);
  }
}
