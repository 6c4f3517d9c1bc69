package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.WrapProof;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trial wrap per material kind on the real SoftHSM2 token: what the AES-only self-test cannot
 * show (SoftHSM 2.6.1 passes RSAES_OAEP_SHA_1 there but cannot OAEP-wrap a private key), and that
 * it leaves no object behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrapProofIT {
  private IaikHsm hsm;
  private IaikSession session;

  @BeforeAll
  void open() {
    hsm = IaikHsm.open(ItRig.locator());
    try (Secret pin = ItRig.userPin()) {
      session = (IaikSession) hsm.login(pin);
    }
  }

  @AfterAll
  void close() {
    session.close();
    hsm.close();
  }

  @Test
  void secretKeysProveWithOaep_privateKeysDoNot_andNothingIsLeftBehind() {
    int objects = session.listObjects().size();
    WrappingKeySpec wks = WrappingKeySpec.RSA_2048;

    WrapProof aes = session.proveWrap(KeySpec.SYMMETRIC_DEFAULT, WrappingAlgorithm.RSAES_OAEP_SHA_1,
        wks);
    assertThat(aes.passed()).as(aes.detail()).isTrue();
    assertThat(aes.detail()).contains("AES-ECB(0) check value matches");

    WrapProof hmac = session.proveWrap(KeySpec.HMAC_256, WrappingAlgorithm.RSAES_OAEP_SHA_1, wks);
    assertThat(hmac.passed()).as(hmac.detail()).isTrue();
    assertThat(hmac.detail()).contains("HMAC");

    WrapProof ecOaep = session.proveWrap(KeySpec.ECC_NIST_P256,
        WrappingAlgorithm.RSAES_OAEP_SHA_1, wks);
    assertThat(ecOaep.passed()).isFalse();
    assertThat(ecOaep.detail()).startsWith("the token cannot wrap ECC_NIST_P256 material with"
        + " RSAES_OAEP_SHA_1: ").contains("CKR_");

    WrapProof ecHybrid = session.proveWrap(KeySpec.ECC_NIST_P256,
        WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1, wks);
    assertThat(ecHybrid.passed()).as(ecHybrid.detail()).isTrue();
    assertThat(ecHybrid.detail()).contains("public key derived");

    WrapProof rsa = session.proveWrap(KeySpec.RSA_2048, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1,
        wks);
    assertThat(rsa.passed()).as(rsa.detail()).isTrue();

    assertThat(session.listObjects()).hasSize(objects);
  }
}
