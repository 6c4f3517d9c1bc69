package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.HsmSection;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.Hsm;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;

/**
 * The one opener of the HSM adapter: from command-line options ({@link HsmOptions}, the {@code hsm}
 * commands) or from a ceremony script's {@code hsm:} section ({@code plan}, {@code run},
 * {@code demo}). Opens the module, selects the token and logs the user in; the PIN is wiped as
 * soon as the login returns.
 */
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

  /**
   * Opens and logs in; the caller closes the connection.
   *
   * @throws dev.keyceremony.hsm.HsmException for module, token and PIN problems
   * @throws IllegalArgumentException when an option is invalid or the PIN source cannot be read
   */
  public static Connection connect(HsmOptions options) {
    return connect(options.locator(), options.pinSource());
  }

  /** As {@link #connect(HsmOptions)}, from a ceremony script's {@code hsm:} section. */
  static Connection connect(HsmSection section) {
    return connect(new HsmLocator(section.module(), section.token(), section.initArgs()), section.userPin());
  }

  private static Connection connect(HsmLocator locator, PinSource pinSource) {
    Hsm hsm = IaikHsm.open(locator);
    try (Secret pin = pinSource.read("User PIN for token '" + hsm.facts().label() + "'")) {
      return new Connection(hsm, hsm.login(pin));
    } catch (RuntimeException e) {
      hsm.close();
      throw e;
    }
  }
}
