package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.HsmException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * One initialised PKCS#11 module per path in this JVM, reference-counted. A module is a process-wide
 * singleton in C (one C_Initialize state, one login state), so C_Finalize must only happen when the
 * last user is done, and never when someone else (SunPKCS11) initialised it first: C_Finalize from
 * either side breaks the other.
 */
final class ModuleRegistry {
  private static final Map<String, Entry> MODULES = new HashMap<>();

  private ModuleRegistry() {}

  private static final class Entry {
    final PKCS11Module module;
    final boolean initialisedHere;
    int users;

    Entry(PKCS11Module module, boolean initialisedHere) {
      this.module = module;
      this.initialisedHere = initialisedHere;
    }
  }

  static synchronized PKCS11Module acquire(String path) {
    QuietWrapperLogger.install();
    Entry e = MODULES.get(path);
    if (e == null) {
      PKCS11Module module;
      try {
        module = PKCS11Module.getInstance(path);
      } catch (IOException | RuntimeException | UnsatisfiedLinkError ex) {
        throw new HsmException(
            HsmException.Reason.MODULE_NOT_LOADABLE,
            "PKCS#11 module " + path + " cannot be loaded (" + ex.getMessage() + "); check"
                + " --module points to the vendor's PKCS#11 library (.so) for this architecture",
            ex);
      }
      boolean initialisedHere = true;
      try {
        module.initialize();
      } catch (PKCS11Exception ex) {
        if (ex.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
          throw new HsmException(
              HsmException.Reason.MODULE_NOT_LOADABLE,
              "C_Initialize of " + path + " failed: " + Pkcs11Errors.name(ex)
                  + initialiseHint(System.getenv("SOFTHSM2_CONF")),
              ex);
        }
        // Someone else in this process (SunPKCS11) initialised it: share it, never finalise it.
        initialisedHere = false;
      }
      e = new Entry(module, initialisedHere);
      MODULES.put(path, e);
    }
    e.users++;
    return e.module;
  }

  /**
   * What to check when C_Initialize fails. SoftHSM2 answers a missing or unreadable configuration
   * with a bare CKR_GENERAL_ERROR, the most common set-up mistake; name it when it applies.
   */
  static String initialiseHint(String softHsmConf) {
    if (softHsmConf != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(softHsmConf))) {
      return "; SOFTHSM2_CONF=" + softHsmConf + " does not exist or cannot be read: run"
          + " softhsm-config/ensure-softhsm.sh, or point SOFTHSM2_CONF at the token's softhsm2.conf";
    }
    return "; check the module's own configuration (for SoftHSM2: SOFTHSM2_CONF and its tokendir)";
  }

  static synchronized void release(String path) {
    Entry e = MODULES.get(path);
    if (e == null) {
      return;
    }
    e.users--;
    if (e.users <= 0) {
      MODULES.remove(path);
      if (e.initialisedHere) {
        try {
          e.module.finalize(null);
        } catch (PKCS11Exception ignored) {
          // Already finalised by someone else: nothing left to release.
        }
      }
    }
  }
}
