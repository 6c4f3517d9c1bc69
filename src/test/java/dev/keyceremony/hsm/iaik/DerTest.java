package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DerTest {
  @Test
  void rawEcdsaSignature_convertsToDerThatJcaVerifies() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair kp = g.generateKeyPair();
    byte[] msg = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature raw = Signature.getInstance("SHA384withECDSAinP1363Format");
    raw.initSign(kp.getPrivate());
    raw.update(msg);
    byte[] rs = raw.sign();
    assertThat(rs).hasSize(96);
    Signature v = Signature.getInstance("SHA384withECDSA");
    v.initVerify(kp.getPublic());
    v.update(msg);
    assertThat(v.verify(Der.ecdsaRawToDer(rs))).isTrue();
  }

  @Property(tries = 200)
  void derConversion_keepsRAndS(@ForAll @Size(value = 64) byte[] rs) {
    byte[] der = Der.ecdsaRawToDer(rs);
    assertThat(der[0]).isEqualTo((byte) 0x30);
    assertThat(Der.tlvLength(der)).isEqualTo(der.length);
    var seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
    assertThat(((org.bouncycastle.asn1.ASN1Integer) seq.getObjectAt(0)).getPositiveValue())
        .isEqualTo(new java.math.BigInteger(1, Arrays.copyOf(rs, 32)));
    assertThat(((org.bouncycastle.asn1.ASN1Integer) seq.getObjectAt(1)).getPositiveValue())
        .isEqualTo(new java.math.BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
  }

  @Test
  void oddLengthSignature_isRefused() {
    assertThatThrownBy(() -> Der.ecdsaRawToDer(new byte[63])).hasMessageContaining("63 bytes");
  }

  @Test
  void ecPoint_rawAndDerWrapped_areToldApartByLength_notByByte1() {
    byte[] raw = new byte[65];
    raw[0] = 0x04;
    raw[1] = 0x3f; // equals len-2 of a 67-byte wrapped point: a byte[1] heuristic would be fooled
    raw[64] = 7;
    assertThat(Der.uncompressedPoint(raw, 32)).isEqualTo(raw);
    byte[] wrapped = new byte[67];
    wrapped[0] = 0x04;
    wrapped[1] = 65;
    System.arraycopy(raw, 0, wrapped, 2, 65);
    assertThat(Der.uncompressedPoint(wrapped, 32)).isEqualTo(raw);
    byte[] p521 = new byte[133];
    p521[0] = 0x04;
    byte[] p521Wrapped = new byte[136];
    p521Wrapped[0] = 0x04;
    p521Wrapped[1] = (byte) 0x81;
    p521Wrapped[2] = (byte) 133;
    System.arraycopy(p521, 0, p521Wrapped, 3, 133);
    assertThat(Der.uncompressedPoint(p521Wrapped, 66)).isEqualTo(p521);
    assertThatThrownBy(() -> Der.uncompressedPoint(new byte[40], 32))
        .hasMessageContaining("40 bytes");
  }

  @Test
  void ecSpki_loadsInJca() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ECPublicKey pub = (ECPublicKey) g.generateKeyPair().getPublic();
    byte[] x = toFixed(pub.getW().getAffineX().toByteArray(), 32);
    byte[] y = toFixed(pub.getW().getAffineY().toByteArray(), 32);
    byte[] point = new byte[65];
    point[0] = 4;
    System.arraycopy(x, 0, point, 1, 32);
    System.arraycopy(y, 0, point, 33, 32);
    assertThat(Der.ecSpki(EcCurve.P256, point)).isEqualTo(pub.getEncoded());
  }

  @Test
  void tlvLength_readsShortAndLongForms() {
    assertThat(Der.tlvLength(HexFormat.of().parseHex("3003020100"))).isEqualTo(5);
    assertThat(Der.tlvLength(HexFormat.of().parseHex("308204c3"))).isEqualTo(4 + 0x4c3);
    assertThat(Der.tlvLength(new byte[] {0x30})).isEqualTo(-1);
  }

  private static byte[] toFixed(byte[] b, int len) {
    byte[] out = new byte[len];
    int copy = Math.min(b.length, len);
    System.arraycopy(b, b.length - copy, out, len - copy, copy);
    return out;
  }
}
