package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.TokenFacts;
import java.util.Optional;

/**
 * SoftHSM 2.6.x zero-pads the key data to a multiple of 8 bytes before it applies
 * CKM_AES_KEY_WRAP_PAD (a bug fixed only on SoftHSM's develop branch): material whose length is not
 * a multiple of 8 unwraps as {@code value || 00..00}, and the RFC 5649 length indicator carries the
 * padded length. This is not hidden: the wrap result carries a warning for the evidence record.
 */
final class KwpQuirk {
  private KwpQuirk() {}

  /** True for SoftHSM up to 2.6 using 0x210A. */
  static boolean applies(TokenFacts facts, long kwpMechanism) {
    if (kwpMechanism != CKM_AES_KEY_WRAP_PAD
        || !facts.libraryManufacturer().toLowerCase(java.util.Locale.ROOT).contains("softhsm")) {
      return false;
    }
    String[] v = facts.libraryVersion().split("\\.");
    try {
      int major = Integer.parseInt(v[0]);
      int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
      return major < 2 || (major == 2 && minor <= 6);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /**
   * Length in bytes of the material as the token encodes it before KWP: raw secret length, or the
   * PKCS#8 PrivateKeyInfo of an EC key as SoftHSM writes it (RFC 5915 ECPrivateKey with only
   * version and private key). Empty for RSA, whose PKCS#8 length varies with the key.
   */
  static Optional<Integer> materialLength(KeySpec spec) {
    switch (spec) {
      case ECC_NIST_P256:
        return Optional.of(67);
      case ECC_NIST_P384:
        return Optional.of(80);
      case ECC_NIST_P521:
        return Optional.of(98);
      case ECC_SECG_P256K1:
        return Optional.of(64);
      default:
        return spec.isSecret() ? Optional.of(spec.secretLengthBytes()) : Optional.empty();
    }
  }

  /** The warning for this spec, when its material is (or may be) affected. */
  static Optional<String> warning(TokenFacts facts, long kwpMechanism, KeySpec spec) {
    if (!applies(facts, kwpMechanism)) {
      return Optional.empty();
    }
    String who =
        facts.libraryManufacturer()
            + " "
            + facts.libraryVersion()
            + " zero-pads key data to a multiple of 8 bytes before CKM_AES_KEY_WRAP_PAD (RFC 5649)";
    Optional<Integer> len = materialLength(spec);
    if (len.isPresent()) {
      int n = len.get();
      if (n % 8 == 0) {
        return Optional.empty();
      }
      int padded = (n + 7) / 8 * 8;
      return Optional.of(
          who
              + ": this "
              + spec
              + " material is "
              + n
              + " bytes"
              + (spec.isKeyPair() ? " of PKCS#8" : "")
              + ", so the wrapped plaintext is "
              + padded
              + " bytes with "
              + (padded - n)
              + " trailing zero bytes"
              + (spec.isKeyPair()
                  ? " after the DER PrivateKeyInfo (KMS must accept or trim them)"
                  : "; KMS would import a " + padded + "-byte key: use RSAES_OAEP_* for " + spec));
    }
    return Optional.of(
        who
            + ": an RSA PKCS#8 PrivateKeyInfo is rarely a multiple of 8 bytes (RSA-2048: about 1216"
            + " to 1219), so up to 7 trailing zero bytes may follow the DER PrivateKeyInfo in the"
            + " wrapped plaintext (KMS must accept or trim them)");
  }
}
