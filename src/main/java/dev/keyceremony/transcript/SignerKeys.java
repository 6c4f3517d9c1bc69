package dev.keyceremony.transcript;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The transcript signer's public key: PEM in and out (BouncyCastle), the P-384 check, and signature
 * verification with the JDK's own provider (JCA {@code SHA384withECDSA}), as an auditor would.
 */
public final class SignerKeys {
  public static final String SIGNATURE_ALGORITHM = "SHA384withECDSA";

  private SignerKeys() {}

  /** PEM "PUBLIC KEY" of a DER SubjectPublicKeyInfo (what {@code openssl pkey -pubout} writes). */
  public static String toPem(byte[] spki) {
    StringWriter sw = new StringWriter();
    try (PemWriter w = new PemWriter(sw)) {
      w.writeObject(new PemObject("PUBLIC KEY", spki));
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory failed", e);
    }
    return sw.toString();
  }

  /** The DER SPKI in a PEM "PUBLIC KEY"; the exception says what the text is instead. */
  public static byte[] spkiFromPem(String pem) {
    Object o;
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      o = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("is not a readable PEM file (" + e.getMessage() + ")", e);
    }
    if (!(o instanceof SubjectPublicKeyInfo spki)) {
      throw new IllegalArgumentException("does not hold a PEM \"PUBLIC KEY\" block"
          + (o == null ? "" : " (it holds " + o.getClass().getSimpleName() + ")"));
    }
    try {
      return spki.getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalArgumentException("holds a public key that cannot be DER-encoded", e);
    }
  }

  /** The JCA public key of an EC P-384 SPKI; refuses any other key type or curve. */
  public static PublicKey p384PublicKey(byte[] spki) {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(spki);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("is not a DER SubjectPublicKeyInfo", e);
    }
    ASN1ObjectIdentifier alg = info.getAlgorithm().getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg)
        || !SECObjectIdentifiers.secp384r1.equals(info.getAlgorithm().getParameters())) {
      throw new IllegalArgumentException("is not an EC P-384 (secp384r1) public key (algorithm " + alg
          + ", parameters " + info.getAlgorithm().getParameters() + "); transcripts are signed with ECDSA P-384");
    }
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a valid EC public key: " + e.getMessage(), e);
    }
  }

  /**
   * DER ECDSA-Sig-Value of a raw {@code r || s} signature, which is what PKCS#11 {@code CKM_ECDSA}
   * returns (96 bytes for P-384). OpenSSL and {@code transcript.sig} need DER.
   */
  public static byte[] rawToDer(byte[] rs) {
    if (rs == null || rs.length == 0 || rs.length % 2 != 0) {
      throw new IllegalArgumentException("a raw ECDSA signature is r || s of equal lengths; got "
          + (rs == null ? "null" : rs.length + " bytes"));
    }
    int half = rs.length / 2;
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length));
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException("DER-encoding two integers failed", e);
    }
  }

  /** Whether {@code derSignature} is a valid SHA384withECDSA signature over {@code data}. */
  public static boolean verify(PublicKey key, byte[] data, byte[] derSignature) {
    try {
      Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(derSignature);
    } catch (GeneralSecurityException e) {
      return false; // a malformed DER signature is simply not a valid one
    }
  }
}
