package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerKeysTest {
  @Test
  void rawToDer_p1363Signature_verifiesAsDer() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair kp = g.generateKeyPair();
    byte[] data = "transcript".getBytes(StandardCharsets.UTF_8);
    Signature raw = Signature.getInstance("SHA384withECDSAinP1363Format"); // r || s, like CKM_ECDSA
    raw.initSign(kp.getPrivate());
    raw.update(data);
    byte[] rs = raw.sign();
    assertThat(rs).hasSize(96);
    assertThat(SignerKeys.verify(kp.getPublic(), data, rs)).isFalse();
    assertThat(SignerKeys.verify(kp.getPublic(), data, SignerKeys.rawToDer(rs))).isTrue();
  }

  @Test
  void rawToDer_oddLength_refused() {
    assertThatThrownBy(() -> SignerKeys.rawToDer(new byte[95]))
        .hasMessageContaining("got 95 bytes");
  }

  @Test
  void checkpoint_rawSignatureFromSigner_refusedWithTheConversionHint(@TempDir Path tmp)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair kp = g.generateKeyPair();
    TranscriptSigner rawSigner =
        new TranscriptSigner() {
          @Override
          public byte[] publicKeySpki() {
            return kp.getPublic().getEncoded();
          }

          @Override
          public byte[] sign(byte[] data) {
            try {
              Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
              s.initSign(kp.getPrivate());
              s.update(data);
              return s.sign();
            } catch (java.security.GeneralSecurityException e) {
              throw new IllegalStateException(e);
            }
          }
        };
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", rawSigner, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    assertThatThrownBy(w::checkpoint).hasMessageContaining("looks like raw r||s from CKM_ECDSA");
  }

  private static byte[] p384Spki() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    return g.generateKeyPair().getPublic().getEncoded();
  }

  @Test
  void pem_writtenByThisTool_readsBackByTheFastPath_andAsBouncyCastleReadsIt() throws Exception {
    byte[] spki = p384Spki();
    String pem = SignerKeys.toPem(spki);
    assertThat(SignerKeys.spkiFromPem(pem)).isEqualTo(spki);
    assertThat(SignerKeys.spkiFromPem("comment before\n" + pem.replace("\n", "\r\n")))
        .isEqualTo(spki);
    assertThat(SignerKeys.p384PublicKey(SignerKeys.spkiFromPem(pem)).getEncoded()).isEqualTo(spki);
  }

  @Test
  void pem_otherBlocksAndDamage_explainedByTheFullParser() throws Exception {
    assertThatThrownBy(
            () ->
                SignerKeys.spkiFromPem(
                    "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"))
        .hasMessageContaining("PEM");
    assertThatThrownBy(
            () ->
                SignerKeys.spkiFromPem(
                    "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignerKeys.spkiFromPem("no PEM here"))
        .hasMessageContaining("PUBLIC KEY");
  }

  @Test
  void p384PublicKey_otherCurveOrType_namesWhatItIs() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    assertThatThrownBy(
            () -> SignerKeys.p384PublicKey(ec.generateKeyPair().getPublic().getEncoded()))
        .hasMessageContaining("is not an EC P-384 (secp384r1) public key")
        .hasMessageContaining("1.2.840.10045.3.1.7");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    assertThatThrownBy(
            () -> SignerKeys.p384PublicKey(rsa.generateKeyPair().getPublic().getEncoded()))
        .hasMessageContaining("1.2.840.113549.1.1.1");
    assertThatThrownBy(() -> SignerKeys.p384PublicKey(new byte[] {0x30, 0x00}))
        .hasMessageContaining("not a DER SubjectPublicKeyInfo");
    byte[] spki = p384Spki();
    byte[] longForm = new byte[spki.length + 1]; // the same key with a long-form outer length (BER)
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    System.arraycopy(spki, 1, longForm, 2, spki.length - 1);
    assertThatThrownBy(() -> SignerKeys.p384PublicKey(longForm))
        .hasMessageContaining("shortest form");
  }
}
