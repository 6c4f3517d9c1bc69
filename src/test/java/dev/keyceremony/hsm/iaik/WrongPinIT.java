package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A wrong PIN with nobody logged in: the token itself refuses it. */
class WrongPinIT {
  @ParameterizedTest
  @EnumSource(ItToken.class)
  void wrongPin_isPinIncorrect_fromTheToken_andNeverShowsThePin(ItToken t) {
    try (IaikHsm hsm = IaikHsm.open(t.locator());
        Secret wrong = Secret.adopt("not-the-pin-4711".toCharArray())) {
      assertThatThrownBy(() -> hsm.login(wrong))
          .isInstanceOf(HsmException.class)
          .hasMessageContaining("user PIN for token '" + t.token() + "' is incorrect")
          .hasMessageContaining("CKR_PIN_INCORRECT")
          .hasMessageNotContaining("4711")
          .extracting(e -> ((HsmException) e).reason())
          .isEqualTo(HsmException.Reason.PIN_INCORRECT);
      // Neither SoftHSM nor NSS locks by default: the right PIN still works.
      try (Secret pin = t.userPin();
          var s = hsm.login(pin)) {
        assertThat(s.facts().label()).isEqualTo(t.token());
      }
    }
  }
}
