package dev.keyceremony.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The KMS key specs whose key material can be imported (outside China Regions). */
public enum KeySpec {
  SYMMETRIC_DEFAULT(MaterialKind.SYMMETRIC, 256),
  HMAC_224(MaterialKind.HMAC, 224),
  HMAC_256(MaterialKind.HMAC, 256),
  HMAC_384(MaterialKind.HMAC, 384),
  HMAC_512(MaterialKind.HMAC, 512),
  RSA_2048(MaterialKind.RSA, 2048),
  RSA_3072(MaterialKind.RSA, 3072),
  RSA_4096(MaterialKind.RSA, 4096),
  ECC_NIST_P256(MaterialKind.EC, 256),
  ECC_NIST_P384(MaterialKind.EC, 384),
  ECC_NIST_P521(MaterialKind.EC, 521),
  ECC_SECG_P256K1(MaterialKind.EC, 256);

  /** What kind of key material a spec holds. */
  public enum MaterialKind {
    SYMMETRIC,
    HMAC,
    RSA,
    EC
  }

  private final MaterialKind kind;
  private final int bits;

  KeySpec(MaterialKind kind, int bits) {
    this.kind = kind;
    this.bits = bits;
  }

  public MaterialKind kind() {
    return kind;
  }

  /** Key size in bits: AES and HMAC key length, RSA modulus, or EC field size. */
  public int bits() {
    return bits;
  }

  /** Length in bytes of raw secret material (symmetric and HMAC specs only). */
  public int secretLengthBytes() {
    if (!isSecret()) {
      throw new IllegalStateException(name() + " is a key pair spec and has no raw secret length");
    }
    return bits / 8;
  }

  public boolean isSecret() {
    return kind == MaterialKind.SYMMETRIC || kind == MaterialKind.HMAC;
  }

  public boolean isKeyPair() {
    return !isSecret();
  }

  /** Parses a spec name as KMS spells it, with an error that lists the allowed values. */
  public static KeySpec parse(String value) {
    if (value != null) {
      for (KeySpec s : values()) {
        if (s.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "key spec '" + value + "' is not importable; allowed: " + allowedNames());
  }

  public static String allowedNames() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
