package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import java.nio.file.Path;
import java.util.UUID;

/** The SoftHSM2 integration-test token set up by softhsm-config/ensure-softhsm.sh. */
final class ItRig {
  private ItRig() {}

  static String tokenLabel() {
    return System.getProperty("ceremony.it.token", "ceremony-it");
  }

  static Path projectDir() {
    return Path.of(System.getProperty("ceremony.projectDir", "."));
  }

  static HsmLocator locator() {
    return new HsmLocator(HsmLocator.SOFTHSM_MODULE, tokenLabel());
  }

  static Secret userPin() {
    return pin("user");
  }

  static Secret soPin() {
    return pin("so");
  }

  static PinSource userPinSource() {
    return PinSource.parse(
        "file:" + projectDir().resolve(".softhsm/" + tokenLabel() + ".user.pin"));
  }

  private static Secret pin(String who) {
    return PinSource.parse(
            "file:" + projectDir().resolve(".softhsm/" + tokenLabel() + "." + who + ".pin"))
        .read("unused");
  }

  static String uniqueLabel(String prefix) {
    return "it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
