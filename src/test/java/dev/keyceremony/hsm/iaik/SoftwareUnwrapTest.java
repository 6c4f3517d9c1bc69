package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.WrappingAlgorithm;
import java.security.KeyPair;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** The software half of the self-test must catch a token that used other parameters. */
class SoftwareUnwrapTest {
  private static final KeyPair RSA = SoftwareUnwrap.rsaKeyPair(2048);
  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) i;
    }
  }

  private static byte[] oaep(String hash, String mgfHash, byte[] data) throws Exception {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(
        Cipher.ENCRYPT_MODE,
        RSA.getPublic(),
        new OAEPParameterSpec(
            hash, "MGF1", new MGF1ParameterSpec(mgfHash), PSource.PSpecified.DEFAULT));
    return c.doFinal(data);
  }

  @Test
  void shippedSelfTestKeys_haveTheirSize_andTheirPublicHalfMatches() throws Exception {
    for (int bits : new int[] {2048, 3072, 4096}) {
      KeyPair kp = SoftwareUnwrap.rsaKeyPair(bits);
      assertThat(((java.security.interfaces.RSAPublicKey) kp.getPublic()).getModulus().bitLength())
          .isEqualTo(bits);
      assertThat(SoftwareUnwrap.rsaKeyPair(bits)).as("cached").isSameAs(kp);
      Cipher enc = Cipher.getInstance("RSA/ECB/OAEPPadding");
      enc.init(
          Cipher.ENCRYPT_MODE,
          kp.getPublic(),
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      byte[] data = new byte[32];
      new java.security.SecureRandom().nextBytes(data);
      assertThat(
              SoftwareUnwrap.oaepDecrypt(
                  kp.getPrivate(), WrappingAlgorithm.Hash.SHA_256, enc.doFinal(data)))
          .isEqualTo(data);
    }
  }

  @Test
  void oaepSha256_decrypts() throws Exception {
    assertThat(
            SoftwareUnwrap.unwrap(
                RSA.getPrivate(),
                256,
                WrappingAlgorithm.RSAES_OAEP_SHA_256,
                oaep("SHA-256", "SHA-256", KEY)))
        .isEqualTo(KEY);
  }

  @Test
  void tokenThatSilentlyUsedSha1_fails_withThatDiagnosis() throws Exception {
    byte[] sha1 = oaep("SHA-1", "SHA-1", KEY);
    assertThatThrownBy(
            () ->
                SoftwareUnwrap.unwrap(
                    RSA.getPrivate(), 256, WrappingAlgorithm.RSAES_OAEP_SHA_256, sha1))
        .isInstanceOf(SoftwareUnwrap.Failure.class)
        .hasMessage("output did not decrypt with OAEP SHA-256: token silently used SHA-1");
  }

  @Test
  void mixedMgf_fails() throws Exception {
    byte[] mixed = oaep("SHA-256", "SHA-1", KEY);
    assertThatThrownBy(
            () ->
                SoftwareUnwrap.unwrap(
                    RSA.getPrivate(), 256, WrappingAlgorithm.RSAES_OAEP_SHA_256, mixed))
        .hasMessageContaining("did not decrypt with OAEP SHA-256");
  }

  @Test
  void hybrid_decodes_andRfc3394InsteadOfKwp_isDiagnosed() throws Exception {
    byte[] kek = new byte[32];
    kek[0] = 9;
    RFC5649WrapEngine kwp = new RFC5649WrapEngine(AESEngine.newInstance());
    kwp.init(true, new KeyParameter(kek));
    byte[] good = concat(oaep("SHA-1", "SHA-1", kek), kwp.wrap(KEY, 0, 32));
    assertThat(
            SoftwareUnwrap.unwrap(
                RSA.getPrivate(), 256, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, good))
        .isEqualTo(KEY);

    RFC3394WrapEngine kw = new RFC3394WrapEngine(AESEngine.newInstance());
    kw.init(true, new KeyParameter(kek));
    byte[] bad = concat(oaep("SHA-1", "SHA-1", kek), kw.wrap(KEY, 0, 32));
    assertThatThrownBy(
            () ->
                SoftwareUnwrap.unwrap(
                    RSA.getPrivate(), 256, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, bad))
        .hasMessageContaining("RFC 3394")
        .hasMessageContaining("not RFC 5649");
  }

  @Test
  void wrongLength_isRefused() {
    assertThatThrownBy(
            () ->
                SoftwareUnwrap.unwrap(
                    RSA.getPrivate(), 256, WrappingAlgorithm.RSAES_OAEP_SHA_1, new byte[255]))
        .hasMessageContaining("255 bytes, expected 256");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
