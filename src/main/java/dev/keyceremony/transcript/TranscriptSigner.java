package dev.keyceremony.transcript;

/**
 * Signs the exact bytes of a transcript. The ceremony injects one backed by an HSM-held EC P-384
 * key; tests may inject a software one. The signature must verify with stock OpenSSL: {@code
 * openssl dgst -sha384 -verify signer.pem -signature transcript.sig transcript.jsonl}.
 */
public interface TranscriptSigner {
  /** The signer's public key as DER SubjectPublicKeyInfo. */
  byte[] publicKeySpki();

  /** ECDSA P-384 with SHA-384 over {@code data}, DER-encoded (what OpenSSL expects). */
  byte[] sign(byte[] data);

  /**
   * Lowercase hex SHA-256 of {@link #publicKeySpki()}: the value the first transcript entry carries
   * as {@code data.signer.fingerprintSha256}, and what {@code openssl pkey -pubin -in signer.pem
   * -outform DER | sha256sum} prints.
   */
  default String signerFingerprint() {
    return Hashes.sha256Hex(publicKeySpki());
  }
}
