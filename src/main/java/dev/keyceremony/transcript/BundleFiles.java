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

  private BundleFiles() {}

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
    return "openssl dgst -sha384 -verify " + signerPem(dir) + " -signature " + signature(dir) + " "
        + transcript(dir);
  }

  /** The command that prints the signer fingerprint (compare with line 1's data.signer). */
  public static String opensslFingerprintCommand(Path dir) {
    return "openssl pkey -pubin -in " + signerPem(dir) + " -outform DER | openssl dgst -sha256";
  }
}
