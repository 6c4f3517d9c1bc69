package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.HsmException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KmsWrappingKeyParserTest {
  @Test
  void rsa2048Spki_isAccepted_withSpecAndFingerprint() {
    byte[] spki = SoftwareUnwrap.rsaKeyPair(2048).getPublic().getEncoded();
    KmsWrappingKeyParser.Parsed p = KmsWrappingKeyParser.parse(spki);
    assertThat(p.spec()).isEqualTo(WrappingKeySpec.RSA_2048);
    assertThat(p.spkiSha256Hex()).hasSize(64).isEqualTo(KmsWrappingKeyParser.sha256Hex(spki));
  }

  @Test
  void ecKey_isRefused_namingTheCurve() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> KmsWrappingKeyParser.parse(spki))
        .isInstanceOf(HsmException.class)
        .hasMessageContaining("EC key (P-256)")
        .extracting(e -> ((HsmException) e).reason())
        .isEqualTo(HsmException.Reason.WRAPPING_KEY_REJECTED);
  }

  @Test
  void rsa1024_isRefused_namingTheSize() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> KmsWrappingKeyParser.parse(spki))
        .hasMessageContaining("RSA-1024")
        .hasMessageContaining("2048, 3072 or 4096");
  }

  @Test
  void garbage_isRefused_showingLengthAndFirstBytes() {
    byte[] junk = "-----BEGIN PUBLIC KEY-----".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> KmsWrappingKeyParser.parse(junk))
        .hasMessageContaining(junk.length + " bytes")
        .hasMessageContaining("2d2d2d2d2d424547")
        .hasMessageContaining("not a DER SubjectPublicKeyInfo");
    assertThatThrownBy(() -> KmsWrappingKeyParser.parse(new byte[0])).hasMessageContaining("empty");
  }

  @Test
  void trailingBytes_areRefused() {
    byte[] spki = SoftwareUnwrap.rsaKeyPair(2048).getPublic().getEncoded();
    byte[] longer = Arrays.copyOf(spki, spki.length + 2);
    assertThatThrownBy(() -> KmsWrappingKeyParser.parse(longer))
        .hasMessageContaining("not a DER SubjectPublicKeyInfo");
  }
}
