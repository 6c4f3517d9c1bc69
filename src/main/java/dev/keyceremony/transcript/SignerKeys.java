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

  /**
   * The DER SPKI in a PEM "PUBLIC KEY"; the exception says what the text is instead. The common
   * case (one RFC 7468 "PUBLIC KEY" block, as this tool and {@code openssl pkey -pubout} write it)
   * is read with the JDK's Base64 alone: {@code transcript verify} starts faster without
   * BouncyCastle's PEM and ASN.1 classes (docs/decisions/0017). Anything else goes to
   * BouncyCastle's {@code PEMParser}, which names what the text holds instead.
   */
  public static byte[] spkiFromPem(String pem) {
    byte[] fast = publicKeyBlock(pem);
    return fast != null ? fast : spkiFromPemParser(pem);
  }

  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  /** The DER of the only PEM block when it is a strict "PUBLIC KEY" block; null otherwise. */
  private static byte[] publicKeyBlock(String pem) {
    int b = pem.indexOf(BEGIN);
    if (b < 0 || pem.indexOf("-----BEGIN", b + 1) >= 0) {
      return null;
    }
    int e = pem.indexOf(END, b);
    if (e < 0 || pem.lastIndexOf("-----", b - 1) >= 0) {
      return null;
    }
    String body = pem.substring(b + BEGIN.length(), e);
    if (body.indexOf(':') >= 0
        || !body.chars()
            .allMatch(
                c ->
                    c == '\n'
                        || c == '\r'
                        || c == ' '
                        || c == '\t'
                        || c == '+'
                        || c == '/'
                        || c == '='
                        || (c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9'))) {
      return null; // headers or stray characters: let the full parser explain
    }
    try {
      byte[] der = java.util.Base64.getMimeDecoder().decode(body);
      return der.length > 0 && der[0] == 0x30 ? der : null;
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }

  private static byte[] spkiFromPemParser(String pem) {
    Object o;
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      o = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("is not a readable PEM file (" + e.getMessage() + ")", e);
    }
    if (!(o instanceof SubjectPublicKeyInfo spki)) {
      throw new IllegalArgumentException(
          "does not hold a PEM \"PUBLIC KEY\" block"
              + (o == null ? "" : " (it holds " + o.getClass().getSimpleName() + ")"));
    }
    try {
      return spki.getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalArgumentException("holds a public key that cannot be DER-encoded", e);
    }
  }

  /**
   * The DER AlgorithmIdentifier {id-ecPublicKey, secp384r1}: SEQUENCE { OID 1.2.840.10045.2.1, OID
   * 1.3.132.0.34 }, as it follows the SPKI's own SEQUENCE header.
   */
  private static final byte[] EC_P384_ALGORITHM = {
    0x30,
    0x10,
    0x06,
    0x07,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0xce,
    0x3d,
    0x02,
    0x01,
    0x06,
    0x05,
    0x2b,
    (byte) 0x81,
    0x04,
    0x00,
    0x22
  };

  /**
   * The JCA public key of an EC P-384 SPKI; refuses any other key type or curve. An SPKI whose
   * AlgorithmIdentifier is exactly {id-ecPublicKey, secp384r1} goes straight to the JDK's
   * KeyFactory; anything else is decoded with BouncyCastle only to say what it is instead.
   */
  public static PublicKey p384PublicKey(byte[] spki) {
    if (!hasP384Algorithm(spki)) {
      throw notP384(spki);
    }
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a valid EC public key: " + e.getMessage(), e);
    }
  }

  private static boolean hasP384Algorithm(byte[] spki) {
    // SEQUENCE with a one-byte (short form) length, then the AlgorithmIdentifier: a P-384 SPKI is
    // 120 bytes (uncompressed point) or 72 (compressed), both under 128.
    if (spki == null
        || spki.length < 2 + EC_P384_ALGORITHM.length
        || spki[0] != 0x30
        || (spki[1] & 0xff) != spki.length - 2) {
      return false;
    }
    return Arrays.equals(
        spki, 2, 2 + EC_P384_ALGORITHM.length, EC_P384_ALGORITHM, 0, EC_P384_ALGORITHM.length);
  }

  private static IllegalArgumentException notP384(byte[] spki) {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(spki);
    } catch (RuntimeException e) {
      return new IllegalArgumentException("is not a DER SubjectPublicKeyInfo", e);
    }
    ASN1ObjectIdentifier alg = info.getAlgorithm().getAlgorithm();
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)
        && SECObjectIdentifiers.secp384r1.equals(info.getAlgorithm().getParameters())) {
      return new IllegalArgumentException(
          "is not a DER SubjectPublicKeyInfo in its shortest form"
              + " (an EC P-384 key whose encoding has extra or long-form length bytes)");
    }
    return new IllegalArgumentException(
        "is not an EC P-384 (secp384r1) public key (algorithm "
            + alg
            + ", parameters "
            + info.getAlgorithm().getParameters()
            + "); transcripts are signed with ECDSA P-384");
  }

  /**
   * DER ECDSA-Sig-Value of a raw {@code r || s} signature, which is what PKCS#11 {@code CKM_ECDSA}
   * returns (96 bytes for P-384). OpenSSL and {@code transcript.sig} need DER.
   */
  public static byte[] rawToDer(byte[] rs) {
    if (rs == null || rs.length == 0 || rs.length % 2 != 0) {
      throw new IllegalArgumentException(
          "a raw ECDSA signature is r || s of equal lengths; got "
              + (rs == null ? "null" : rs.length + " bytes"));
    }
    int half = rs.length / 2;
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length));
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
          .getEncoded("DER");
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
