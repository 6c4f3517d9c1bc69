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
    assertThatThrownBy(() -> SignerKeys.rawToDer(new byte[95])).hasMessageContaining("got 95 bytes");
  }

  @Test
  void checkpoint_rawSignatureFromSigner_refusedWithTheConversionHint(@TempDir Path tmp) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair kp = g.generateKeyPair();
    TranscriptSigner rawSigner = new TranscriptSigner() {
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
}
