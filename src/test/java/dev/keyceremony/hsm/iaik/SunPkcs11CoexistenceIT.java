package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.Secret;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import org.junit.jupiter.api.Test;

/**
 * SunPKCS11 and this adapter share one module in one JVM: when SunPKCS11 initialised it first,
 * C_Initialize returns CKR_CRYPTOKI_ALREADY_INITIALIZED and the adapter continues; when SunPKCS11
 * is logged in, C_Login returns CKR_USER_ALREADY_LOGGED_IN and the adapter continues; and closing
 * the adapter must not C_Finalize the module under SunPKCS11's feet.
 */
class SunPkcs11CoexistenceIT {
  @Test
  void adapterWorksAfterSunPkcs11_andLeavesItWorking() throws Exception {
    long slot;
    try (IaikHsm probe = IaikHsm.open(ItRig.locator())) {
      slot = probe.facts().slotId();
    } // registry empty again: the module is finalised here
    Provider sun =
        Security.getProvider("SunPKCS11")
            .configure(
                "--name=CeremonyIT\nlibrary=" + ItRig.locator().module() + "\nslot=" + slot + "\n");
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
    assertThat(MessageDigest.getInstance("SHA-256", sun).digest(new byte[] {1, 2, 3}))
        .isEqualTo(expected);
    KeyStore ks = KeyStore.getInstance("PKCS11", sun);
    try (Secret pin = ItRig.userPin()) {
      ks.load(null, pin.copyChars());
    }
    try {
      try (IaikHsm hsm = IaikHsm.open(ItRig.locator());
          Secret pin = ItRig.userPin();
          var s = hsm.login(pin)) {
        assertThat(s.facts().label()).isEqualTo(ItRig.tokenLabel());
        assertThat(s.listObjects()).isNotNull();
      }
      // Still initialised for SunPKCS11: the adapter did not finalise a module it did not init.
      assertThat(MessageDigest.getInstance("SHA-256", sun).digest(new byte[] {1, 2, 3}))
          .isEqualTo(expected);
    } finally {
      ((AuthProvider) sun).logout();
    }
  }
}
