package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.hsm.WrappingKey;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** CKA_WRAP_WITH_TRUSTED targets: only a wrapping key created CKA_TRUSTED by the SO wraps them. */
class TrustedModeIT {
  @Test
  void wwtTarget_refusesUntrustedKey_andWrapsUnderTheSoCreatedTrustedKey() throws Exception {
    String label = ItRig.uniqueLabel("wwt");
    KeyPair rsa = SoftwareUnwrap.rsaKeyPair(2048);
    try (IaikHsm hsm = IaikHsm.open(ItRig.locator());
        Secret pin = ItRig.userPin();
        IaikSession s = (IaikSession) hsm.login(pin)) {
      try {
        TargetKey t = s.generate(new GenerateRequest(KeySpec.SYMMETRIC_DEFAULT, label, true));
        assertThat(s.securityAttributes(t).wrapWithTrusted()).isTrue();

        WrappingKey untrusted = s.importWrappingKey(rsa.getPublic().getEncoded());
        assertThatThrownBy(() -> s.wrap(t, untrusted, WrappingAlgorithm.RSAES_OAEP_SHA_1))
            .isInstanceOf(HsmException.class)
            .hasMessageContaining("CKA_WRAP_WITH_TRUSTED=true")
            .hasMessageContaining("CKR_KEY_NOT_WRAPPABLE")
            .hasMessageContaining("trusted mode")
            .extracting(e -> ((HsmException) e).reason())
            .isEqualTo(HsmException.Reason.WRAPPING_KEY_REJECTED);

        WrappingKey trusted;
        try (Secret so = ItRig.soPin()) {
          trusted = s.importTrustedWrappingKey(rsa.getPublic().getEncoded(), so);
        }
        assertThat(trusted.trusted()).isTrue();
        // The user is logged in again: private token objects are usable.
        byte[] kcv = s.evidence().aesEcbZeroBlock(t);
        WrapResult w = s.wrap(t, trusted, WrappingAlgorithm.RSAES_OAEP_SHA_1);
        byte[] key =
            SoftwareUnwrap.unwrap(
                rsa.getPrivate(), 256, WrappingAlgorithm.RSAES_OAEP_SHA_1, w.ciphertext());
        assertThat(SoftwareUnwrap.aesEcbZeroBlock(key)).isEqualTo(kcv);
      } finally {
        s.destroyTokenObjectsLabelled(label);
      }
    }
  }

  @Test
  void wrongSoPin_isReported_andTheUserIsLoggedInAgain() {
    try (IaikHsm hsm = IaikHsm.open(ItRig.locator());
        Secret pin = ItRig.userPin();
        IaikSession s = (IaikSession) hsm.login(pin);
        Secret wrongSo = Secret.adopt("wrong-so-pin".toCharArray())) {
      byte[] spki = SoftwareUnwrap.rsaKeyPair(2048).getPublic().getEncoded();
      assertThatThrownBy(() -> s.importTrustedWrappingKey(spki, wrongSo))
          .isInstanceOf(HsmException.class)
          .hasMessageContaining("Security Officer (SO) PIN")
          .extracting(e -> ((HsmException) e).reason())
          .isEqualTo(HsmException.Reason.PIN_INCORRECT);
      assertThat(s.listObjects()).isNotNull();
      assertThat(s.importWrappingKey(spki).trusted()).isFalse();
    }
  }
}
