package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.HsmException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Validates a KMS wrapping public key: DER SubjectPublicKeyInfo of an RSA key of exactly 2048, 3072
 * or 4096 bits. Anything else is refused with a message that says what was received.
 */
final class KmsWrappingKeyParser {
  private KmsWrappingKeyParser() {}

  /** A validated wrapping key. */
  record Parsed(RSAPublicKey publicKey, WrappingKeySpec spec, String spkiSha256Hex) {}

  static Parsed parse(byte[] spkiDer) {
    if (spkiDer == null || spkiDer.length == 0) {
      throw reject(
          "an empty wrapping public key was given; expected the DER SubjectPublicKeyInfo"
              + " that GetParametersForImport returns (PublicKey, base64-decoded)");
    }
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(spkiDer);
      byte[] reencoded = spki.getEncoded(ASN1Encoding.DER);
      if (reencoded.length != spkiDer.length) {
        throw new IllegalArgumentException("trailing or non-DER bytes");
      }
    } catch (Exception e) {
      throw reject(
          "the wrapping public key ("
              + spkiDer.length
              + " bytes, starting "
              + HexFormat.of().formatHex(spkiDer, 0, Math.min(8, spkiDer.length))
              + ") is not a DER SubjectPublicKeyInfo; give the PublicKey of GetParametersForImport"
              + " base64-decoded (not PEM text, not base64)");
    }
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      String curve =
          spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier
              ? curveName((ASN1ObjectIdentifier) spki.getAlgorithm().getParameters())
              : "explicit parameters";
      throw reject(
          "the wrapping public key is an EC key ("
              + curve
              + "); KMS wrapping keys are RSA"
              + " 2048, 3072 or 4096 bits");
    }
    if (!alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      throw reject(
          "the wrapping public key has algorithm OID "
              + alg.getId()
              + (alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS) ? " (RSASSA-PSS)" : "")
              + "; KMS wrapping keys are rsaEncryption (1.2.840.113549.1.1.1), 2048, 3072 or 4096"
              + " bits");
    }
    RSAPublicKey key;
    try {
      key =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spkiDer));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw reject("the RSA wrapping public key does not decode: " + e.getMessage());
    }
    int bits = key.getModulus().bitLength();
    WrappingKeySpec spec;
    try {
      spec = WrappingKeySpec.ofBits(bits);
    } catch (IllegalArgumentException e) {
      throw reject(
          "the wrapping public key is RSA-"
              + bits
              + "; KMS wrapping keys are RSA 2048, 3072 or"
              + " 4096 bits");
    }
    BigInteger e = key.getPublicExponent();
    if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
      throw reject("the RSA wrapping public key has an invalid public exponent " + e);
    }
    return new Parsed(key, spec, sha256Hex(spkiDer));
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String curveName(ASN1ObjectIdentifier oid) {
    for (EcCurve c : EcCurve.values()) {
      if (c.oid().equals(oid.getId())) {
        return c.displayName();
      }
    }
    return "curve " + oid.getId();
  }

  private static HsmException reject(String message) {
    return new HsmException(HsmException.Reason.WRAPPING_KEY_REJECTED, message);
  }
}
