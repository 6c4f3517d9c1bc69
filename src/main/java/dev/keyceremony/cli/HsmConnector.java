package dev.keyceremony.cli;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.Hsm;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;

/** Opens the HSM chosen by {@link HsmOptions} and logs in: the one place that wires the adapter. */
public final class HsmConnector {
  private HsmConnector() {}

  /** An opened module and a logged-in session; closing logs out and finalises. */
  public record Connection(Hsm hsm, HsmSession session) implements AutoCloseable {
    @Override
    public void close() {
      try {
        session.close();
      } finally {
        hsm.close();
      }
    }
  }

  /** Opens module and token (no login). */
  public static Hsm open(HsmOptions options) {
    return IaikHsm.open(options.locator());
  }

  /** Reads the PIN from its source, logs in, and wipes the PIN copy. */
  public static HsmSession login(Hsm hsm, HsmOptions options) {
    PinSource source = options.pinSource();
    try (Secret pin = source.read("User PIN for token '" + hsm.facts().label() + "'")) {
      return hsm.login(pin);
    }
  }

  /** Opens and logs in; the caller closes the connection. */
  public static Connection connect(HsmOptions options) {
    Hsm hsm = open(options);
    try {
      return new Connection(hsm, login(hsm, options));
    } catch (RuntimeException e) {
      hsm.close();
      throw e;
    }
  }
}
