package dev.keyceremony.localkms.model;

import java.util.List;

/** The key specs this local KMS serves, with the facts each operation needs. */
public enum KeySpecInfo {
  SYMMETRIC_DEFAULT(Family.SYMMETRIC, 256, null),
  HMAC_224(Family.HMAC, 224, "HmacSHA224"),
  HMAC_256(Family.HMAC, 256, "HmacSHA256"),
  HMAC_384(Family.HMAC, 384, "HmacSHA384"),
  HMAC_512(Family.HMAC, 512, "HmacSHA512"),
  RSA_2048(Family.RSA, 2048, null),
  RSA_3072(Family.RSA, 3072, null),
  RSA_4096(Family.RSA, 4096, null),
  ECC_NIST_P256(Family.ECC, 256, "secp256r1"),
  ECC_NIST_P384(Family.ECC, 384, "secp384r1"),
  ECC_NIST_P521(Family.ECC, 521, "secp521r1"),
  ECC_SECG_P256K1(Family.ECC, 256, "secp256k1");

  /** Every KeySpec in the KMS model, including those this server refuses (for enum messages). */
  public static final List<String> MODEL_VALUES =
      List.of(
          "RSA_2048",
          "RSA_3072",
          "RSA_4096",
          "ECC_NIST_P256",
          "ECC_NIST_P384",
          "ECC_NIST_P521",
          "ECC_SECG_P256K1",
          "SYMMETRIC_DEFAULT",
          "HMAC_224",
          "HMAC_256",
          "HMAC_384",
          "HMAC_512",
          "SM2",
          "ML_DSA_44",
          "ML_DSA_65",
          "ML_DSA_87",
          "ECC_NIST_EDWARDS25519");

  /** The broad kind of key. */
  public enum Family {
    SYMMETRIC,
    HMAC,
    RSA,
    ECC
  }

  private final Family family;
  private final int bits;
  private final String jcaName;

  KeySpecInfo(Family family, int bits, String jcaName) {
    this.family = family;
    this.bits = bits;
    this.jcaName = jcaName;
  }

  public Family family() {
    return family;
  }

  /** Key size in bits: AES/HMAC key length, RSA modulus, or EC field size. */
  public int bits() {
    return bits;
  }

  /** HMAC algorithm or EC curve name (JCA / BouncyCastle); null for others. */
  public String jcaName() {
    return jcaName;
  }

  /** Exact raw material length for symmetric and HMAC keys. */
  public int rawLength() {
    return bits / 8;
  }

  public boolean isSymmetric() {
    return family == Family.SYMMETRIC;
  }

  public boolean isAsymmetric() {
    return family == Family.RSA || family == Family.ECC;
  }

  public List<String> macAlgorithms() {
    return family == Family.HMAC ? List.of("HMAC_SHA_" + bits) : List.of();
  }

  public List<String> signingAlgorithms(String keyUsage) {
    if (!"SIGN_VERIFY".equals(keyUsage)) {
      return List.of();
    }
    if (family == Family.RSA) {
      return List.of(
          "RSASSA_PSS_SHA_256",
          "RSASSA_PSS_SHA_384",
          "RSASSA_PSS_SHA_512",
          "RSASSA_PKCS1_V1_5_SHA_256",
          "RSASSA_PKCS1_V1_5_SHA_384",
          "RSASSA_PKCS1_V1_5_SHA_512");
    }
    if (family == Family.ECC) {
      return switch (this) {
        case ECC_NIST_P384 -> List.of("ECDSA_SHA_384");
        case ECC_NIST_P521 -> List.of("ECDSA_SHA_512");
        default -> List.of("ECDSA_SHA_256");
      };
    }
    return List.of();
  }

  public List<String> encryptionAlgorithms(String keyUsage) {
    if (family == Family.SYMMETRIC) {
      return List.of("SYMMETRIC_DEFAULT");
    }
    if (family == Family.RSA && "ENCRYPT_DECRYPT".equals(keyUsage)) {
      return List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
    }
    return List.of();
  }

  public List<String> keyAgreementAlgorithms(String keyUsage) {
    return "KEY_AGREEMENT".equals(keyUsage) ? List.of("ECDH") : List.of();
  }

  /** The key usages valid for this spec; the first is the one AWS defaults to (symmetric only). */
  public List<String> allowedUsages() {
    return switch (family) {
      case SYMMETRIC -> List.of("ENCRYPT_DECRYPT");
      case HMAC -> List.of("GENERATE_VERIFY_MAC");
      case RSA -> List.of("ENCRYPT_DECRYPT", "SIGN_VERIFY");
      case ECC ->
          this == ECC_SECG_P256K1
              ? List.of("SIGN_VERIFY")
              : List.of("SIGN_VERIFY", "KEY_AGREEMENT");
    };
  }

  public static KeySpecInfo byName(String name) {
    for (KeySpecInfo s : values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
