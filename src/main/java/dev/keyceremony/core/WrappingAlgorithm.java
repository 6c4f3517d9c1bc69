package dev.keyceremony.core;

import java.util.Locale;

/**
 * The KMS wrapping algorithms this tool can produce inside an HSM. RSAES_PKCS1_V1_5 (unsupported by
 * KMS since 2023-10-10) and SM2PKE (China Regions only) are deliberately absent.
 */
public enum WrappingAlgorithm {
  RSAES_OAEP_SHA_1(Hash.SHA_1, false),
  RSAES_OAEP_SHA_256(Hash.SHA_256, false),
  RSA_AES_KEY_WRAP_SHA_1(Hash.SHA_1, true),
  RSA_AES_KEY_WRAP_SHA_256(Hash.SHA_256, true);

  /** The OAEP hash, also used for MGF1; the OAEP label is always empty. */
  public enum Hash {
    SHA_1("SHA-1"),
    SHA_256("SHA-256");

    private final String jcaName;

    Hash(String jcaName) {
      this.jcaName = jcaName;
    }

    public String jcaName() {
      return jcaName;
    }
  }

  private final Hash hash;
  private final boolean hybrid;

  WrappingAlgorithm(Hash hash, boolean hybrid) {
    this.hash = hash;
    this.hybrid = hybrid;
  }

  public Hash oaepHash() {
    return hash;
  }

  /** True for RSA_AES_KEY_WRAP_*: OAEP(ephemeral AES-256 key) || RFC 5649 KWP(material). */
  public boolean isHybrid() {
    return hybrid;
  }

  public static WrappingAlgorithm parse(String value) {
    if (value != null) {
      for (WrappingAlgorithm a : values()) {
        if (a.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException(
        "wrapping algorithm '"
            + value
            + "' is not supported; allowed: RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1,"
            + " RSA_AES_KEY_WRAP_SHA_256, RSA_AES_KEY_WRAP_SHA_1 (RSAES_PKCS1_V1_5 is no longer"
            + " accepted by KMS; SM2PKE is for China Regions only)");
  }
}
