package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.HsmSection;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.Hsm;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;

/** The opened module and the logged-in user session of one ceremony. */
record HsmAccess(Hsm hsm, HsmSession session) implements AutoCloseable {
  /**
   * Opens the module, selects the token and logs the user in with the PIN from its source. The
   * PIN is wiped as soon as the login returns.
   *
   * @throws dev.keyceremony.hsm.HsmException for module, token and PIN problems
   * @throws IllegalArgumentException when the PIN source cannot be read
   */
  static HsmAccess open(HsmSection s) {
    Hsm hsm = IaikHsm.open(new HsmLocator(s.module(), s.token()));
    try (Secret pin = s.userPin().read("User PIN for token " + s.token())) {
      return new HsmAccess(hsm, hsm.login(pin));
    } catch (RuntimeException e) {
      hsm.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      hsm.close();
    }
  }
}
