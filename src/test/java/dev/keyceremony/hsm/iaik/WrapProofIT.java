package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.WrapProof;
import org.junit.jupiter.api.Test;

/**
 * The trial wrap per material kind on each real test token: what the AES-only self-test cannot show
 * (SoftHSM 2.6.1 passes RSAES_OAEP_SHA_1 there but cannot OAEP-wrap a private key; NSS 3.87 can,
 * with SHA-256), and that it leaves no object behind.
 */
class WrapProofIT {
  @Test
  void softHsm_secretKeysProveWithOaep_privateKeysDoNot_andNothingIsLeftBehind() {
    try (IaikHsm hsm = IaikHsm.open(ItToken.SOFTHSM2.locator());
        Secret pin = ItToken.SOFTHSM2.userPin();
        IaikSession session = (IaikSession) hsm.login(pin)) {
      softHsm(session);
    }
  }

  @Test
  void nss_everyKindProvesWithSha256_andNothingIsLeftBehind() {
    try (IaikHsm hsm = IaikHsm.open(ItToken.NSS.locator());
        Secret pin = ItToken.NSS.userPin();
        IaikSession session = (IaikSession) hsm.login(pin)) {
      int objects = session.listObjects().size();
      WrappingKeySpec wks = WrappingKeySpec.RSA_2048;
      for (KeySpec spec :
          new KeySpec[] {KeySpec.SYMMETRIC_DEFAULT, KeySpec.HMAC_224, KeySpec.ECC_NIST_P256}) {
        WrapProof p = session.proveWrap(spec, WrappingAlgorithm.RSAES_OAEP_SHA_256, wks);
        assertThat(p.passed()).as(spec + ": " + p.detail()).isTrue();
      }
      for (KeySpec spec :
          new KeySpec[] {KeySpec.RSA_2048, KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521}) {
        WrapProof p = session.proveWrap(spec, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, wks);
        assertThat(p.passed()).as(spec + ": " + p.detail()).isTrue();
        assertThat(p.detail()).contains("public key derived");
      }
      WrapProof k1 =
          session.proveWrap(
              KeySpec.ECC_SECG_P256K1, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, wks);
      assertThat(k1.passed()).isFalse();
      assertThat(k1.detail()).contains("CKR_DOMAIN_PARAMS_INVALID");
      assertThat(session.listObjects()).hasSize(objects);
    }
  }

  private static void softHsm(IaikSession session) {
    int objects = session.listObjects().size();
    WrappingKeySpec wks = WrappingKeySpec.RSA_2048;

    WrapProof aes =
        session.proveWrap(KeySpec.SYMMETRIC_DEFAULT, WrappingAlgorithm.RSAES_OAEP_SHA_1, wks);
    assertThat(aes.passed()).as(aes.detail()).isTrue();
    assertThat(aes.detail()).contains("AES-ECB(0) check value matches");

    WrapProof hmac = session.proveWrap(KeySpec.HMAC_256, WrappingAlgorithm.RSAES_OAEP_SHA_1, wks);
    assertThat(hmac.passed()).as(hmac.detail()).isTrue();
    assertThat(hmac.detail()).contains("HMAC");

    WrapProof ecOaep =
        session.proveWrap(KeySpec.ECC_NIST_P256, WrappingAlgorithm.RSAES_OAEP_SHA_1, wks);
    assertThat(ecOaep.passed()).isFalse();
    assertThat(ecOaep.detail())
        .startsWith("the token cannot wrap ECC_NIST_P256 material with" + " RSAES_OAEP_SHA_1: ")
        .contains("CKR_");

    WrapProof ecHybrid =
        session.proveWrap(KeySpec.ECC_NIST_P256, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, wks);
    assertThat(ecHybrid.passed()).as(ecHybrid.detail()).isTrue();
    assertThat(ecHybrid.detail()).contains("public key derived");

    WrapProof rsa =
        session.proveWrap(KeySpec.RSA_2048, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, wks);
    assertThat(rsa.passed()).as(rsa.detail()).isTrue();

    assertThat(session.listObjects()).hasSize(objects);
  }
}
