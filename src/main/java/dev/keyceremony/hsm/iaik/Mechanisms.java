package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA1;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_KWP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_OAEP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA224_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA384_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA512_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA_1;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKZ_DATA_SPECIFIED;

import dev.keyceremony.core.WrappingAlgorithm;
import java.util.Map;
import java.util.Optional;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_OAEP_PARAMS;

/** Mechanism choices and their human-readable descriptions for the evidence record. */
final class Mechanisms {
  private Mechanisms() {}

  /**
   * The RFC 5649 mechanism for the composed RSA_AES_KEY_WRAP: the standard CKM_AES_KEY_WRAP_KWP
   * (0x210B) when listed, else CKM_AES_KEY_WRAP_PAD (0x210A). 0x210A is RFC 5649 on SoftHSM but RFC
   * 3394 + PKCS#7 on NSS, so the choice is only a candidate: the self-test proves it by unwrapping
   * the result with BouncyCastle's RFC 5649 engine.
   */
  static Optional<Long> chooseKwp(Map<Long, Long> wrapCapable) {
    if (wrapCapable.containsKey(CKM_AES_KEY_WRAP_KWP)) {
      return Optional.of(CKM_AES_KEY_WRAP_KWP);
    }
    if (wrapCapable.containsKey(CKM_AES_KEY_WRAP_PAD)) {
      return Optional.of(CKM_AES_KEY_WRAP_PAD);
    }
    return Optional.empty();
  }

  /** The CKM_SHA*_HMAC mechanism of an HMAC key spec. */
  static long hmac(dev.keyceremony.core.KeySpec spec) {
    switch (spec) {
      case HMAC_224:
        return CKM_SHA224_HMAC;
      case HMAC_256:
        return CKM_SHA256_HMAC;
      case HMAC_384:
        return CKM_SHA384_HMAC;
      case HMAC_512:
        return CKM_SHA512_HMAC;
      default:
        throw new IllegalArgumentException(spec + " is not an HMAC key spec");
    }
  }

  static long hashMechanism(WrappingAlgorithm.Hash hash) {
    return hash == WrappingAlgorithm.Hash.SHA_1 ? CKM_SHA_1 : CKM_SHA256;
  }

  static long mgf(WrappingAlgorithm.Hash hash) {
    return hash == WrappingAlgorithm.Hash.SHA_1 ? CKG_MGF1_SHA1 : CKG_MGF1_SHA256;
  }

  /** CKM_RSA_PKCS_OAEP with the hash, MGF1 with the same hash, and an empty label. */
  static Mechanism oaep(WrappingAlgorithm.Hash hash) {
    return new Mechanism(
        CKM_RSA_PKCS_OAEP,
        new RSA_PKCS_OAEP_PARAMS(hashMechanism(hash), mgf(hash), CKZ_DATA_SPECIFIED, null));
  }

  static RSA_PKCS_OAEP_PARAMS oaepParams(WrappingAlgorithm.Hash hash) {
    return new RSA_PKCS_OAEP_PARAMS(hashMechanism(hash), mgf(hash), CKZ_DATA_SPECIFIED, null);
  }

  static String describeOaep(WrappingAlgorithm.Hash hash) {
    return "CKM_RSA_PKCS_OAEP hashAlg="
        + name(hashMechanism(hash))
        + " mgf="
        + PKCS11Constants.codeToName(PKCS11Constants.Category.CKG_MGF, mgf(hash))
        + " source=CKZ_DATA_SPECIFIED label=empty";
  }

  static String name(long mechanism) {
    String n = PKCS11Constants.ckmCodeToName(mechanism);
    if (mechanism == CKM_AES_KEY_WRAP_PAD) {
      return "CKM_AES_KEY_WRAP_PAD (0x210a)";
    }
    if (mechanism == CKM_AES_KEY_WRAP_KWP) {
      return "CKM_AES_KEY_WRAP_KWP (0x210b)";
    }
    return n != null && !n.startsWith("CKM_VENDOR") ? n : String.format("CKM 0x%x", mechanism);
  }
}
