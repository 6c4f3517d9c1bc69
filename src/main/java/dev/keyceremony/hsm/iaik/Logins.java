package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_SO_PIN_COUNT_LOW;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_SO_PIN_FINAL_TRY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_SO_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmException;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;

/** C_Login / C_Logout with errors a custodian can act on. Never puts a PIN into a message. */
final class Logins {
  private Logins() {}

  /**
   * Logs in; returns false when the process was already logged in, in which case the token did not
   * check this PIN (login state is per token and process).
   */
  static boolean login(Session session, Token token, long userType, Secret pin, String tokenLabel) {
    boolean so = userType == CKU_SO;
    String who = so ? "Security Officer (SO) PIN" : "user PIN";
    try {
      pin.withChars(
          chars -> {
            session.login(userType, chars);
            return null;
          });
      return true;
    } catch (PKCS11Exception e) {
      long code = e.getErrorCode();
      if (code == CKR_USER_ALREADY_LOGGED_IN) {
        // This process is already logged in (another session of ours, or SunPKCS11): login state
        // is per token and process, so the token did not check this PIN again.
        return false;
      }
      if (code == CKR_PIN_INCORRECT || code == CKR_PIN_LEN_RANGE) {
        long flags = flags(token);
        if ((flags & (so ? CKF_SO_PIN_LOCKED : CKF_USER_PIN_LOCKED)) != 0) {
          throw new HsmException(
              HsmException.Reason.PIN_LOCKED,
              "the "
                  + who
                  + " for token '"
                  + tokenLabel
                  + "' was wrong and the PIN is now LOCKED;"
                  + (so
                      ? " the token must be re-initialised"
                      : " the SO must unlock it (C_InitPIN)"));
        }
        String tries;
        if ((flags & (so ? CKF_SO_PIN_FINAL_TRY : CKF_USER_PIN_FINAL_TRY)) != 0) {
          tries = " ONE try is left before the PIN locks.";
        } else if ((flags & (so ? CKF_SO_PIN_COUNT_LOW : CKF_USER_PIN_COUNT_LOW)) != 0) {
          tries = " The token reports failed attempts (count low): few tries remain.";
        } else {
          tries = " The token reports no retry counter state.";
        }
        throw new HsmException(
            HsmException.Reason.PIN_INCORRECT,
            "the "
                + who
                + " for token '"
                + tokenLabel
                + "' is incorrect ("
                + PKCS11Constants.ckrCodeToName(code)
                + ")."
                + tries
                + " Check the PIN source (hsm.user-pin in a script, --pin of an hsm command:"
                + " prompt|env:NAME|file:PATH).");
      }
      if (code == CKR_PIN_LOCKED) {
        throw new HsmException(
            HsmException.Reason.PIN_LOCKED,
            "the "
                + who
                + " for token '"
                + tokenLabel
                + "' is LOCKED (CKR_PIN_LOCKED);"
                + (so
                    ? " the token must be re-initialised"
                    : " the SO must unlock it (C_InitPIN)"));
      }
      throw Pkcs11Errors.device("C_Login with the " + who + " on token '" + tokenLabel + "'", e);
    }
  }

  static void logoutQuietly(Session session) {
    try {
      session.logout();
    } catch (TokenException e) {
      // CKR_USER_NOT_LOGGED_IN or a dead session: nothing more to do on the way out.
    }
  }

  private static long flags(Token token) {
    try {
      return token.getTokenInfo().getFlags();
    } catch (TokenException e) {
      return 0;
    }
  }
}
