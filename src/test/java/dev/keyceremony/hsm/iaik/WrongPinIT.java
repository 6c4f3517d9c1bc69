package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmException;
import org.junit.jupiter.api.Test;

/** A wrong PIN with nobody logged in: the token itself refuses it. */
class WrongPinIT {
  @Test
  void wrongPin_isPinIncorrect_fromTheToken_andNeverShowsThePin() {
    try (IaikHsm hsm = IaikHsm.open(ItRig.locator());
        Secret wrong = Secret.adopt("not-the-pin-4711".toCharArray())) {
      assertThatThrownBy(() -> hsm.login(wrong))
          .isInstanceOf(HsmException.class)
          .hasMessageContaining("user PIN for token '" + ItRig.tokenLabel() + "' is incorrect")
          .hasMessageContaining("CKR_PIN_INCORRECT")
          .hasMessageNotContaining("4711")
          .extracting(e -> ((HsmException) e).reason())
          .isEqualTo(HsmException.Reason.PIN_INCORRECT);
      // SoftHSM does not lock by default: the right PIN still works.
      try (Secret pin = ItRig.userPin(); var s = hsm.login(pin)) {
        assertThat(s.facts().label()).isEqualTo(ItRig.tokenLabel());
      }
    }
  }
}
