package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.KeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** The named curves of the importable EC key specs, with the hash KMS signs with on each. */
enum EcCurve {
  P256(KeySpec.ECC_NIST_P256, "1.2.840.10045.3.1.7", "P-256", 32, "SHA-256"),
  P384(KeySpec.ECC_NIST_P384, "1.3.132.0.34", "P-384", 48, "SHA-384"),
  P521(KeySpec.ECC_NIST_P521, "1.3.132.0.35", "P-521", 66, "SHA-512"),
  SECP256K1(KeySpec.ECC_SECG_P256K1, "1.3.132.0.10", "secp256k1", 32, "SHA-256");

  private final KeySpec spec;
  private final String oid;
  private final String displayName;
  private final int fieldBytes;
  private final String hash;

  EcCurve(KeySpec spec, String oid, String displayName, int fieldBytes, String hash) {
    this.spec = spec;
    this.oid = oid;
    this.displayName = displayName;
    this.fieldBytes = fieldBytes;
    this.hash = hash;
  }

  KeySpec spec() {
    return spec;
  }

  String oid() {
    return oid;
  }

  String displayName() {
    return displayName;
  }

  int fieldBytes() {
    return fieldBytes;
  }

  /** JCA digest name of the hash KMS uses with this curve (ECDSA_SHA_256/384/512). */
  String hash() {
    return hash;
  }

  /** CKA_EC_PARAMS: the DER-encoded namedCurve OID. */
  byte[] ecParamsDer() {
    try {
      return new ASN1ObjectIdentifier(oid).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EcCurve of(KeySpec spec) {
    for (EcCurve c : values()) {
      if (c.spec == spec) {
        return c;
      }
    }
    throw new IllegalArgumentException(spec + " is not an EC key spec");
  }

  /** The curve whose namedCurve OID is DER-encoded in {@code ecParams}, if any. */
  static Optional<EcCurve> fromEcParams(byte[] ecParams) {
    if (ecParams == null) {
      return Optional.empty();
    }
    for (EcCurve c : values()) {
      if (Arrays.equals(c.ecParamsDer(), ecParams)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
