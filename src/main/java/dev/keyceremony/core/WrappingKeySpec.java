package dev.keyceremony.core;

import java.util.Locale;

/** RSA sizes of the wrapping public key that GetParametersForImport hands out. */
public enum WrappingKeySpec {
  RSA_2048(2048),
  RSA_3072(3072),
  RSA_4096(4096);

  private final int bits;

  WrappingKeySpec(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  /** Modulus length in bytes: the length of an RSAES-OAEP ciphertext under this key. */
  public int modulusBytes() {
    return bits / 8;
  }

  public static WrappingKeySpec ofBits(int bits) {
    for (WrappingKeySpec s : values()) {
      if (s.bits == bits) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "RSA wrapping key of " + bits + " bits is not one KMS uses; allowed: 2048, 3072, 4096");
  }

  public static WrappingKeySpec parse(String value) {
    if (value != null) {
      for (WrappingKeySpec s : values()) {
        if (s.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "wrapping key spec '"
            + value
            + "' is not supported; allowed: RSA_2048, RSA_3072, RSA_4096");
  }
}
