package dev.keyceremony.hsm;

/** In-token evidence about a key, computed without exporting its material. */
public interface KeyEvidence {
  /** AES-ECB encryption of one zero block under a SYMMETRIC_DEFAULT target (16 bytes). */
  byte[] aesEcbZeroBlock(TargetKey target);

  /** AES-CMAC of one zero block under a SYMMETRIC_DEFAULT target (16 bytes). */
  byte[] aesCmacZeroBlock(TargetKey target);

  /** HMAC with the hash of the target's HMAC_* spec over {@code message}. */
  byte[] hmac(TargetKey target, byte[] message);

  /** The public key of a key-pair target as DER SubjectPublicKeyInfo. */
  byte[] publicKeySpki(TargetKey target);

  /**
   * Signs {@code message} with the private key of a key-pair target: ECDSA with the curve's hash
   * (DER-encoded signature, as KMS returns), or RSASSA-PSS SHA-256 for RSA.
   */
  byte[] sign(TargetKey target, byte[] message);

  /** ECDSA P-384 over SHA-384 of {@code data}, DER-encoded, by a transcript signer key. */
  byte[] signWithSigner(SignerKey signer, byte[] data);

  /** The signer's public key as DER SubjectPublicKeyInfo. */
  byte[] signerPublicKeySpki(SignerKey signer);
}
