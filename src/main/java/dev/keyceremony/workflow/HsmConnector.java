package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.HsmSection;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.hsm.Hsm;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;
import java.util.Map;

/**
 * The one opener of the HSM adapter: from command-line options (the {@code hsm} commands) or from a
 * ceremony script's {@code hsm:} section ({@code plan}, {@code run}, {@code resume}, {@code
 * abandon}, {@code demo}). Opens the module, selects the token and logs the user in; the PIN is
 * wiped as soon as the login returns.
 */
public final class HsmConnector {
  private HsmConnector() {}

  /**
   * An opened module and a logged-in session; closing logs out and finalises. {@code pinReceipt}
   * says how the user PIN was obtained (source kind; for shares the split and share numbers), never
   * the PIN.
   */
  public record Connection(Hsm hsm, HsmSession session, Map<String, Object> pinReceipt)
      implements AutoCloseable {
    public Connection {
      pinReceipt = Map.copyOf(pinReceipt);
    }

    public Connection(Hsm hsm, HsmSession session) {
      this(hsm, session, Map.of());
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

  /** Opens module and token (no login). */
  public static Hsm open(HsmLocator locator) {
    return IaikHsm.open(locator);
  }

  /** As {@link #connect(HsmLocator, PinSource)}, from a ceremony script's {@code hsm:} section. */
  public static Connection connect(HsmSection section) {
    return connect(
        new HsmLocator(section.module(), section.token(), section.initArgs()), section.userPin());
  }

  /**
   * Opens and logs in; the caller closes the connection.
   *
   * @throws dev.keyceremony.hsm.HsmException for module, token and PIN problems
   * @throws IllegalArgumentException when an option is invalid or the PIN source cannot be read
   */
  public static Connection connect(HsmLocator locator, PinSource pinSource) {
    Hsm hsm = IaikHsm.open(locator);
    // The PIN (joined from shares or read whole) is wiped when the login returns.
    try (PinSource.Reading pin =
        pinSource.readWithReceipt("User PIN for token '" + hsm.facts().label() + "'")) {
      return new Connection(hsm, hsm.login(pin.pin()), pin.receipt());
    } catch (RuntimeException e) {
      hsm.close();
      throw e;
    }
  }
}
