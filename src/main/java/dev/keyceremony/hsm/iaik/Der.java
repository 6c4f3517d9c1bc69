package dev.keyceremony.hsm.iaik;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Small DER conversions between what a PKCS#11 token returns and what JCA and KMS expect. */
final class Der {
  private Der() {}

  /**
   * CKM_ECDSA returns raw {@code r||s} (two field-length big-endian integers); KMS and JCA use the
   * DER {@code SEQUENCE { INTEGER r, INTEGER s }}.
   */
  static byte[] ecdsaRawToDer(byte[] raw) {
    if (raw == null || raw.length == 0 || raw.length % 2 != 0) {
      throw new IllegalArgumentException(
          "ECDSA signature from the token has "
              + (raw == null ? "no" : raw.length)
              + " bytes; expected an even-length r||s");
    }
    int half = raw.length / 2;
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))));
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length))));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The uncompressed EC point {@code 04||X||Y} from CKA_EC_POINT, which is either raw (as the xipki
   * wrapper returns it) or wrapped in a DER OCTET STRING (as the specification and SoftHSM give
   * it). The two are told apart by length, not by byte[1]: a raw point's byte[1] is the first byte
   * of X and can equal len-2 by chance.
   */
  static byte[] uncompressedPoint(byte[] ecPoint, int fieldBytes) {
    int rawLen = 2 * fieldBytes + 1;
    if (ecPoint != null && ecPoint.length == rawLen && ecPoint[0] == 0x04) {
      return ecPoint.clone();
    }
    int headerLen = rawLen < 128 ? 2 : 3;
    if (ecPoint != null
        && ecPoint.length == rawLen + headerLen
        && ecPoint[0] == 0x04
        && ecPoint[headerLen] == 0x04) {
      return Arrays.copyOfRange(ecPoint, headerLen, ecPoint.length);
    }
    throw new IllegalArgumentException(
        "CKA_EC_POINT of "
            + (ecPoint == null ? "no" : ecPoint.length)
            + " bytes is neither an uncompressed point of "
            + rawLen
            + " bytes nor one wrapped in a DER OCTET STRING");
  }

  /** SubjectPublicKeyInfo for an EC key on a named curve. */
  static byte[] ecSpki(EcCurve curve, byte[] uncompressedPoint) {
    try {
      return new SubjectPublicKeyInfo(
              new AlgorithmIdentifier(
                  X9ObjectIdentifiers.id_ecPublicKey, new ASN1ObjectIdentifier(curve.oid())),
              uncompressedPoint)
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Length of the outer DER TLV at the start of {@code der}, or -1 when it is not one. */
  static int tlvLength(byte[] der) {
    if (der == null || der.length < 2) {
      return -1;
    }
    int first = der[1] & 0xff;
    if (first < 0x80) {
      return 2 + first;
    }
    int n = first & 0x7f;
    if (n == 0 || n > 4 || der.length < 2 + n) {
      return -1;
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[2 + i] & 0xff);
    }
    return 2 + n + len;
  }
}
