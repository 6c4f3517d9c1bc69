package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.KeySpec;

/** The key usage a ceremony can prove for each key spec. */
public final class Usage {
  private Usage() {}

  /**
   * SYMMETRIC_DEFAULT: ENCRYPT_DECRYPT; HMAC_*: GENERATE_VERIFY_MAC; RSA and ECC: SIGN_VERIFY,
   * because the proof step signs in KMS and verifies under the HSM's public key.
   */
  public static String forSpec(KeySpec spec) {
    switch (spec.kind()) {
      case SYMMETRIC:
        return "ENCRYPT_DECRYPT";
      case HMAC:
        return "GENERATE_VERIFY_MAC";
      default:
        return "SIGN_VERIFY";
    }
  }
}
