package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.Hsm;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.TokenFacts;
import dev.keyceremony.hsm.TokenSelector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.xipki.pkcs11.wrapper.ModuleInfo;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;

/** The IAIK (xipki ipkcs11wrapper) adapter of the {@link Hsm} port. */
public final class IaikHsm implements Hsm {
  private final String modulePath;
  private final PKCS11Module module;
  private final Token token;
  private final TokenFacts facts;
  private final List<IaikSession> sessions = new ArrayList<>();
  private boolean closed;

  private IaikHsm(String modulePath, PKCS11Module module, Token token, TokenFacts facts) {
    this.modulePath = modulePath;
    this.module = module;
    this.token = token;
    this.facts = facts;
  }

  /**
   * Loads the module, initialises it (or shares an initialisation someone else in this process
   * made) and selects the token.
   *
   * @throws HsmException MODULE_NOT_LOADABLE, or TOKEN_NOT_FOUND listing the tokens that exist
   */
  public static IaikHsm open(HsmLocator locator) {
    TokenSelector selector = TokenSelector.parse(locator.token());
    Path path = locator.module().toAbsolutePath().normalize();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new HsmException(
          HsmException.Reason.MODULE_NOT_LOADABLE,
          "PKCS#11 module "
              + path
              + " does not exist or is not readable; give the vendor library with --module PATH (hsm.module in a script)"
              + " (SoftHSM2 on Debian: "
              + HsmLocator.SOFTHSM_MODULE
              + ", installed by 'apt-get install softhsm2')");
    }
    String moduleSha256 = sha256(path);
    String key = path.toString();
    PKCS11Module module = ModuleRegistry.acquire(key, locator.initArgs());
    try {
      Token token = selectToken(module, selector, key);
      TokenFacts facts = FactsReader.read(module, token, key, moduleSha256);
      return new IaikHsm(key, module, token, facts);
    } catch (RuntimeException e) {
      ModuleRegistry.release(key);
      throw e;
    }
  }

  private static Token selectToken(PKCS11Module module, TokenSelector selector, String path) {
    Slot[] slots;
    try {
      slots = module.getSlotList(true);
    } catch (TokenException e) {
      throw Pkcs11Errors.device("C_GetSlotList on " + path, e);
    }
    List<Token> matches = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Slot slot : slots) {
      Token t = slot.getToken();
      TokenInfo info;
      try {
        info = t.getTokenInfo();
      } catch (TokenException e) {
        seen.add(
            "slot " + slot.getSlotID() + ": token info unreadable (" + Pkcs11Errors.name(e) + ")");
        continue;
      }
      if (!info.isTokenInitialized()) {
        seen.add("slot " + slot.getSlotID() + ": uninitialised token");
        continue;
      }
      String label = trim(info.getLabel());
      String serial = trim(info.getSerialNumber());
      String manufacturer = trim(info.getManufacturerID());
      String model = trim(info.getModel());
      seen.add(
          "'"
              + label
              + "' (serial "
              + serial
              + ", model "
              + model
              + ", manufacturer "
              + manufacturer
              + ")");
      if (selector.matches(label, serial, manufacturer, model)) {
        matches.add(t);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    String existing = seen.isEmpty() ? "none" : String.join("; ", seen);
    if (matches.isEmpty()) {
      throw new HsmException(
          HsmException.Reason.TOKEN_NOT_FOUND,
          "no token matches '"
              + selector.spec()
              + "' in module "
              + path
              + "; tokens present: "
              + existing
              + ". Choose one by label, serial:SERIAL or a 'pkcs11:token=...' URI (--token or"
              + " --token-uri on the command line, hsm.token in a ceremony script)");
    }
    throw new HsmException(
        HsmException.Reason.TOKEN_NOT_FOUND,
        matches.size()
            + " tokens match '"
            + selector.spec()
            + "' in module "
            + path
            + " (tokens present: "
            + existing
            + "); choose exactly one with --token serial:SERIAL (hsm.token in a script)");
  }

  static String trim(String s) {
    return s == null ? "" : s.trim();
  }

  private static String sha256(Path path) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
      MessageDigest md = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new HsmException(
          HsmException.Reason.MODULE_NOT_LOADABLE,
          "cannot read PKCS#11 module " + path + " to hash it: " + e.getMessage(),
          e);
    }
  }

  @Override
  public TokenFacts facts() {
    return facts;
  }

  @Override
  public synchronized HsmSession login(Secret userPin) {
    ensureOpen();
    IaikSession s =
        IaikSession.open(this, token, userPin, sessions.isEmpty() ? null : sessions.get(0).pin());
    sessions.add(s);
    return s;
  }

  /** Module info through the raw C_GetInfo (works even when someone else initialised it). */
  static ModuleInfo moduleInfo(PKCS11Module module)
      throws iaik.pkcs.pkcs11.wrapper.PKCS11Exception {
    return new ModuleInfo(module.getPKCS11Module().C_GetInfo());
  }

  synchronized int otherOpenSessions(IaikSession session) {
    return (int) sessions.stream().filter(s -> s != session).count();
  }

  synchronized void forget(IaikSession session) {
    sessions.remove(session);
  }

  PKCS11Module module() {
    return module;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this HSM handle is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    for (IaikSession s : new ArrayList<>(sessions)) {
      s.close();
    }
    sessions.clear();
    closed = true;
    ModuleRegistry.release(modulePath);
  }
}
