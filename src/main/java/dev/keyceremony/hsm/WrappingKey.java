package dev.keyceremony.hsm;

import dev.keyceremony.core.WrappingKeySpec;

/** A KMS wrapping public key imported into the token as a session object. */
public interface WrappingKey {
  WrappingKeySpec spec();

  /** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex. */
  String spkiSha256Hex();

  boolean trusted();
}
