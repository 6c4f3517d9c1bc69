package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.HsmSession;

/** Test hygiene for other packages: destroys the token objects a test created, by label. */
public final class TestTokenCleaner {
  private TestTokenCleaner() {}

  public static int destroyLabelled(HsmSession session, String label) {
    return ((IaikSession) session).destroyTokenObjectsLabelled(label);
  }
}
