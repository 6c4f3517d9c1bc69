package dev.keyceremony.transcript;

/**
 * Signs the exact bytes of a transcript. The ceremony injects one backed by an HSM-held EC P-384
 * key; tests may inject a software one. The signature must verify with stock OpenSSL:
 * {@code openssl dgst -sha384 -verify signer.pem -signature transcript.sig transcript.jsonl}.
 */
public interface TranscriptSigner {
  /** The signer's public key as DER SubjectPublicKeyInfo. */
  byte[] publicKeySpki();

  /** ECDSA P-384 with SHA-384 over {@code data}, DER-encoded (what OpenSSL expects). */
  byte[] sign(byte[] data);
}
