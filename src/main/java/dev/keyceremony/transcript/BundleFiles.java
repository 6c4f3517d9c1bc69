package dev.keyceremony.transcript;

import java.nio.file.Path;

/** The names of the files in one transcript bundle directory. */
public final class BundleFiles {
  /** One RFC 8785 canonical JSON object per line, {@code \n}-terminated, UTF-8. */
  public static final String TRANSCRIPT = "transcript.jsonl";

  /** DER ECDSA P-384/SHA-384 signature over the exact bytes of the last signed checkpoint. */
  public static final String SIGNATURE = "transcript.sig";

  /** The signer's public key, PEM "PUBLIC KEY" (SubjectPublicKeyInfo). */
  public static final String SIGNER_PEM = "signer.pem";

  /**
   * The exact bytes of the ceremony script that was parsed; line 1 records their SHA-256 as {@code
   * data.script.sha256}, so the signature covers the script through that hash.
   */
  public static final String SCRIPT = "script.yaml";

  private BundleFiles() {}

  public static Path script(Path dir) {
    return dir.resolve(SCRIPT);
  }

  /**
   * Writes script.yaml into a bundle directory (created when missing) before the transcript starts;
   * refuses to overwrite one.
   */
  public static void writeScript(Path dir, byte[] scriptBytes) {
    try {
      java.nio.file.Files.createDirectories(dir);
      BundleIo.writeNew(script(dir), scriptBytes.clone());
      BundleIo.syncDirectory(dir.toAbsolutePath());
    } catch (java.io.IOException e) {
      throw new TranscriptException("cannot write " + script(dir) + ": " + e.getMessage(), e);
    }
  }

  public static Path transcript(Path dir) {
    return dir.resolve(TRANSCRIPT);
  }

  public static Path signature(Path dir) {
    return dir.resolve(SIGNATURE);
  }

  public static Path signerPem(Path dir) {
    return dir.resolve(SIGNER_PEM);
  }

  /** The command an auditor runs to check the signature with stock OpenSSL alone. */
  public static String opensslVerifyCommand(Path dir) {
    return "openssl dgst -sha384 -verify "
        + signerPem(dir)
        + " -signature "
        + signature(dir)
        + " "
        + transcript(dir);
  }

  /**
   * The verify command with the signer pinned. {@code fingerprint} must come from outside the
   * bundle (the HSM that holds the key, the organisation's records); null prints a placeholder.
   */
  public static String pinnedVerifyCommand(Path dir, String fingerprint) {
    return "./ceremony transcript verify "
        + dir
        + " --signer-fingerprint "
        + (fingerprint == null ? "<SHA-256 from your records>" : fingerprint);
  }

  /** The same with a trust file or the signer's enrolment record. */
  public static String trustVerifyCommand(Path dir) {
    return "./ceremony transcript verify "
        + dir
        + " --trust <trust file, or the signer's enrolment record>";
  }

  /** The command that prints the signer fingerprint (compare with line 1's data.signer). */
  public static String opensslFingerprintCommand(Path dir) {
    return "openssl pkey -pubin -in " + signerPem(dir) + " -outform DER | openssl dgst -sha256";
  }
}
