package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_WRAP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.TokenFacts;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * The xipki session of one {@link IaikSession} with the lookups every operation needs. Object
 * handles are found by CKA_CLASS + CKA_ID (+ label) on each use.
 */
final class SessionCore {
  /** BC for secp256k1, which the JDK 17 SunEC no longer offers; not registered globally. */
  static final BouncyCastleProvider BC = new BouncyCastleProvider();

  final Session session;
  final TokenFacts facts;

  /** Mechanism code to CKF_* flags, as the token lists them. */
  final Map<Long, Long> mechanismFlags = new HashMap<>();

  SessionCore(Session session, TokenFacts facts) {
    this.session = session;
    this.facts = facts;
    for (TokenFacts.MechanismInfo m : facts.mechanisms()) {
      long flags = 0;
      for (String f : m.flags()) {
        Long bit =
            org.xipki.pkcs11.wrapper.PKCS11Constants.nameToCode(
                org.xipki.pkcs11.wrapper.PKCS11Constants.Category.CKF_MECHANISM, f);
        if (bit != null) {
          flags |= bit;
        }
      }
      mechanismFlags.put(m.code(), flags);
    }
  }

  boolean supports(long mechanism, long flag) {
    Long f = mechanismFlags.get(mechanism);
    return f != null && (f & flag) != 0;
  }

  Map<Long, Long> wrapCapable() {
    Map<Long, Long> out = new HashMap<>();
    mechanismFlags.forEach(
        (k, v) -> {
          if ((v & CKF_WRAP) != 0) {
            out.put(k, v);
          }
        });
    return out;
  }

  long[] find(AttributeVector template) {
    try {
      return session.findAllObjectsSingle(template);
    } catch (TokenException e) {
      throw Pkcs11Errors.device("C_FindObjects", e);
    }
  }

  /** The single object of this class with this label and CKA_ID; KEY_NOT_FOUND otherwise. */
  long handle(long objectClass, String label, String idHex) {
    long[] hs =
        find(
            new AttributeVector()
                .class_(objectClass)
                .label(label)
                .id(HexFormat.of().parseHex(idHex)));
    if (hs.length != 1) {
      throw new HsmException(
          HsmException.Reason.KEY_NOT_FOUND,
          (hs.length == 0 ? "no " : hs.length + " ")
              + className(objectClass)
              + " object with label '"
              + label
              + "' and CKA_ID "
              + idHex
              + " in token '"
              + facts.label()
              + "'"
              + (hs.length == 0 ? "; it was deleted or this is another token" : "; expected one"));
    }
    return hs[0];
  }

  AttributeVector attrs(long handle, long... types) {
    try {
      return session.getAttrValues(handle, types);
    } catch (TokenException e) {
      throw Pkcs11Errors.device("C_GetAttributeValue", e);
    }
  }

  static String className(long objectClass) {
    String n = org.xipki.pkcs11.wrapper.PKCS11Constants.ckoCodeToName(objectClass);
    return n == null ? "class " + objectClass : n;
  }

  /** A public key object as DER SubjectPublicKeyInfo, from its public attributes only. */
  byte[] publicKeySpki(long publicHandle) {
    AttributeVector a = attrs(publicHandle, CKA_CLASS, CKA_KEY_TYPE);
    if (a.class_() == null || a.class_() != CKO_PUBLIC_KEY) {
      throw new IllegalStateException("handle is not a public key");
    }
    long type = a.keyType();
    if (type == CKK_RSA) {
      AttributeVector r = attrs(publicHandle, CKA_MODULUS, CKA_PUBLIC_EXPONENT);
      return rsaSpki(r.modulus(), r.publicExponent());
    }
    if (type == CKK_EC) {
      AttributeVector e = attrs(publicHandle, CKA_EC_PARAMS, CKA_EC_POINT);
      EcCurve curve =
          EcCurve.fromEcParams(e.ecParams())
              .orElseThrow(
                  () ->
                      new HsmException(
                          HsmException.Reason.KEY_MISMATCH,
                          "the public key's CKA_EC_PARAMS is not one of the importable named"
                              + " curves (P-256, P-384, P-521, secp256k1)"));
      byte[] spki = Der.ecSpki(curve, Der.uncompressedPoint(e.ecPoint(), curve.fieldBytes()));
      jcaPublicKey(spki); // the point must lie on the curve: a device result checked in software
      return spki;
    }
    throw new HsmException(
        HsmException.Reason.KEY_MISMATCH, "public key type " + type + " is neither RSA nor EC");
  }

  static byte[] rsaSpki(BigInteger modulus, BigInteger exponent) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(modulus, exponent))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JCA public key for verification (BC for EC, so secp256k1 works). */
  static PublicKey jcaPublicKey(byte[] spki) {
    try {
      String alg =
          org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki)
                  .getAlgorithm()
                  .getAlgorithm()
                  .equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)
              ? "EC"
              : "RSA";
      KeyFactory kf =
          alg.equals("EC") ? KeyFactory.getInstance("EC", BC) : KeyFactory.getInstance("RSA");
      return kf.generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          "the public key read from the token does not load in software: " + e.getMessage(),
          e);
    }
  }
}
