package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.HsmException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * One initialised PKCS#11 module per path in this JVM, reference-counted. A module is a
 * process-wide singleton in C (one C_Initialize state, one login state), so C_Finalize must only
 * happen when the last user is done, and never when someone else (SunPKCS11) initialised it first:
 * C_Finalize from either side breaks the other.
 */
final class ModuleRegistry {
  private static final Map<String, Entry> MODULES = new HashMap<>();

  private ModuleRegistry() {}

  private static final class Entry {
    final PKCS11Module module;
    final boolean initialisedHere;
    final String initArgs;
    int users;

    Entry(PKCS11Module module, boolean initialisedHere, String initArgs) {
      this.module = module;
      this.initialisedHere = initialisedHere;
      this.initArgs = initArgs;
    }
  }

  static synchronized PKCS11Module acquire(String path) {
    return acquire(path, null);
  }

  /**
   * The module at {@code path}, initialised with {@code initArgs} in CK_C_INITIALIZE_ARGS.pReserved
   * (null: no parameters). A module is initialised once per process, so a second user asking for
   * other parameters is refused.
   */
  static synchronized PKCS11Module acquire(String path, String initArgs) {
    QuietWrapperLogger.install();
    Entry e = MODULES.get(path);
    if (e != null && !java.util.Objects.equals(e.initArgs, initArgs)) {
      throw new HsmException(
          HsmException.Reason.MODULE_NOT_LOADABLE,
          "PKCS#11 module "
              + path
              + " is already open in this process with "
              + (e.initArgs == null ? "no init-args" : "init-args \"" + e.initArgs + "\"")
              + "; a module is initialised once per process, so it cannot also be opened with "
              + (initArgs == null ? "no init-args" : "init-args \"" + initArgs + "\""));
    }
    if (e == null) {
      PKCS11Module module;
      try {
        module = PKCS11Module.getInstance(path);
      } catch (IOException | RuntimeException | UnsatisfiedLinkError ex) {
        throw new HsmException(
            HsmException.Reason.MODULE_NOT_LOADABLE,
            "PKCS#11 module "
                + path
                + " cannot be loaded ("
                + ex.getMessage()
                + "); check"
                + " --module (hsm.module in a script) points to the vendor's PKCS#11 library (.so) for"
                + " this architecture",
            ex);
      }
      boolean initialisedHere = true;
      try {
        if (initArgs == null) {
          module.initialize();
        } else {
          initializeWith(module, initArgs);
        }
      } catch (PKCS11Exception ex) {
        if (ex.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
          throw new HsmException(
              HsmException.Reason.MODULE_NOT_LOADABLE,
              "C_Initialize of "
                  + path
                  + " failed: "
                  + Pkcs11Errors.name(ex)
                  + initialiseHint(path, initArgs, System.getenv("SOFTHSM2_CONF")),
              ex);
        }
        // Someone else in this process (SunPKCS11) initialised it: share it, never finalise it.
        initialisedHere = false;
      }
      e = new Entry(module, initialisedHere, initArgs);
      MODULES.put(path, e);
    }
    e.users++;
    return e.module;
  }

  /**
   * C_Initialize with the library parameters in pReserved, as a NUL-terminated byte string (what
   * NSS's softoken reads as its configuration). xipki's own initialize() has no way to pass them,
   * so this calls the IAIK layer directly; the wrapper's cached module info then stays empty, which
   * is why {@link IaikHsm#moduleInfo} reads C_GetInfo itself.
   */
  private static void initializeWith(PKCS11Module module, String initArgs) throws PKCS11Exception {
    iaik.pkcs.pkcs11.wrapper.CK_C_INITIALIZE_ARGS args =
        new iaik.pkcs.pkcs11.wrapper.CK_C_INITIALIZE_ARGS();
    args.flags |= PKCS11Constants.CKF_OS_LOCKING_OK;
    byte[] text = initArgs.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    args.pReserved = java.util.Arrays.copyOf(text, text.length + 1);
    try {
      module.getPKCS11Module().C_Initialize(args, true);
    } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception ex) {
      throw new PKCS11Exception(ex.getErrorCode());
    }
  }

  /** As {@link #initialiseHint(String)}, knowing the module and its init-args. */
  static String initialiseHint(String path, String initArgs, String softHsmConf) {
    boolean nss = path.contains("softokn");
    if (nss && initArgs == null) {
      return "; NSS's softoken needs its database in the init-args: give --init-args (hsm.init-args"
          + " in a script), e.g. \"configdir='sql:.nss/db' certPrefix='' keyPrefix=''"
          + " secmod='secmod.db' flags=\" (softhsm-config/ensure-nss.sh prints the rig's)";
    }
    if (nss) {
      return "; check the init-args \""
          + initArgs
          + "\": configdir must name an existing NSS"
          + " database (sql:DIR with cert9.db and key4.db; softhsm-config/ensure-nss.sh makes one)";
    }
    if (initArgs != null) {
      return "; the module rejected the init-args \""
          + initArgs
          + "\" (most modules take none:"
          + " drop --init-args / hsm.init-args)";
    }
    return initialiseHint(softHsmConf);
  }

  /**
   * What to check when C_Initialize fails. SoftHSM2 answers a missing or unreadable configuration
   * with a bare CKR_GENERAL_ERROR, the most common set-up mistake; name it when it applies.
   */
  static String initialiseHint(String softHsmConf) {
    if (softHsmConf != null
        && !java.nio.file.Files.isReadable(java.nio.file.Path.of(softHsmConf))) {
      return "; SOFTHSM2_CONF="
          + softHsmConf
          + " does not exist or cannot be read: run"
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
