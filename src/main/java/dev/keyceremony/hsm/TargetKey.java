package dev.keyceremony.hsm;

import dev.keyceremony.core.KeySpec;

/** A key-material object in the token (secret key, or private key with its public key). */
public interface TargetKey {
  String label();

  /** CKA_ID in lowercase hex. */
  String idHex();

  KeySpec keySpec();
}
