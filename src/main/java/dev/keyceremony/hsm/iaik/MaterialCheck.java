package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_ECB;

import dev.keyceremony.core.KeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * Compares material recovered in software with what the token says about the same object: the
 * AES-ECB(zero block) check value, an HMAC over a fresh challenge, or the public key (RSA modulus
 * and exponent; EC point d·G). Returns null when they match, else why not.
 */
final class MaterialCheck {
  private static final SecureRandom RANDOM = new SecureRandom();

  private MaterialCheck() {}

  static String what(KeySpec spec) {
    switch (spec.kind()) {
      case SYMMETRIC:
        return "its AES-ECB(0) check value";
      case HMAC:
        return "its HMAC over a random challenge";
      default:
        return "the public key derived from the recovered PKCS#8 private key";
    }
  }

  static String compare(SessionCore core, KeySpec spec, long[] handles, byte[] recovered)
      throws TokenException {
    if (spec.isSecret() && recovered.length != spec.secretLengthBytes()) {
      return "recovered "
          + recovered.length
          + " bytes instead of the "
          + spec.secretLengthBytes()
          + "-byte "
          + spec
          + " key (KMS would import a key of the wrong length)";
    }
    switch (spec.kind()) {
      case SYMMETRIC:
        {
          byte[] token =
              core.session.encryptSingle(new Mechanism(CKM_AES_ECB), handles[0], new byte[16]);
          byte[] soft = SoftwareUnwrap.aesEcbZeroBlock(recovered);
          return MessageDigest.isEqual(token, soft)
              ? null
              : "the recovered key's AES-ECB(0) "
                  + hex(soft)
                  + " differs from the token's "
                  + hex(token);
        }
      case HMAC:
        {
          byte[] challenge = new byte[32];
          RANDOM.nextBytes(challenge);
          byte[] token =
              core.session.signSingle(
                  new Mechanism(Mechanisms.hmac(spec)), handles[0], challenge.clone());
          byte[] soft = hmac(spec, recovered, challenge);
          return MessageDigest.isEqual(token, soft)
              ? null
              : "the recovered key's HMAC over a random challenge differs from the token's";
        }
      default:
        return comparePublic(core, spec, handles[1], recovered);
    }
  }

  private static String comparePublic(
      SessionCore core, KeySpec spec, long pubHandle, byte[] recovered) {
    int len = Der.tlvLength(recovered);
    if (len <= 0 || len > recovered.length) {
      return "the recovered bytes are not one DER PrivateKeyInfo";
    }
    // SoftHSM 2.6 zero-pads before RFC 5649 (see KwpQuirk): only zero bytes may follow the DER.
    for (int i = len; i < recovered.length; i++) {
      if (recovered[i] != 0) {
        return "non-zero bytes follow the recovered DER PrivateKeyInfo";
      }
    }
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(core.publicKeySpki(pubHandle));
    try {
      PrivateKeyInfo pki = PrivateKeyInfo.getInstance(Arrays.copyOf(recovered, len));
      if (spec.kind() == KeySpec.MaterialKind.RSA) {
        RSAPrivateKey priv = RSAPrivateKey.getInstance(pki.parsePrivateKey());
        RSAPublicKey pub = RSAPublicKey.getInstance(spki.parsePublicKey());
        return priv.getModulus().equals(pub.getModulus())
                && priv.getPublicExponent().equals(pub.getPublicExponent())
            ? null
            : "the recovered RSA private key's modulus differs from the token's public key";
      }
      BigInteger d =
          org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(pki.parsePrivateKey()).getKey();
      ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(EcCurve.of(spec).oid());
      X9ECParameters p = CustomNamedCurves.getByOID(oid);
      if (p == null) {
        p = ECNamedCurveTable.getByOID(oid);
      }
      byte[] derived = p.getG().multiply(d).normalize().getEncoded(false);
      return Arrays.equals(derived, spki.getPublicKeyData().getBytes())
          ? null
          : "the public point of the recovered EC private key differs from the token's";
    } catch (IOException | IllegalArgumentException e) {
      return "the recovered bytes do not parse as a "
          + spec
          + " PKCS#8 PrivateKeyInfo: "
          + e.getMessage();
    }
  }

  private static byte[] hmac(KeySpec spec, byte[] key, byte[] message) {
    String name = "HmacSHA" + spec.bits();
    try {
      Mac m = Mac.getInstance(name);
      m.init(new SecretKeySpec(key, name));
      return m.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
