package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.HsmException;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.TokenException;

/** Turns wrapper exceptions into {@link HsmException}s that name the call and the CKR code. */
final class Pkcs11Errors {
  /** NSS vendor codes (CKR_NSS = 0xCE534350), from NSS's pkcs11n.h. */
  static final long CKR_NSS_CERTDB_FAILED = 0xCE534351L;

  static final long CKR_NSS_KEYDB_FAILED = 0xCE534352L;

  private Pkcs11Errors() {}

  static long code(TokenException e) {
    return e instanceof PKCS11Exception ? ((PKCS11Exception) e).getErrorCode() : -1;
  }

  static boolean is(TokenException e, long ckr) {
    return code(e) == ckr;
  }

  /** {@code CKR_KEY_NOT_WRAPPABLE}, or the wrapper's message when it is not a CKR error. */
  static String name(TokenException e) {
    if (e instanceof PKCS11Exception) {
      long code = ((PKCS11Exception) e).getErrorCode();
      if (code == CKR_NSS_CERTDB_FAILED) {
        return "CKR_NSS_CERTDB_FAILED (0xce534351, NSS could not open its certificate database)";
      }
      if (code == CKR_NSS_KEYDB_FAILED) {
        return "CKR_NSS_KEYDB_FAILED (0xce534352, NSS could not open its key database)";
      }
      String n = PKCS11Constants.ckrCodeToName(((PKCS11Exception) e).getErrorCode());
      return n != null ? n : String.format("CKR 0x%x", ((PKCS11Exception) e).getErrorCode());
    }
    return e.getMessage();
  }

  static HsmException device(String what, TokenException e) {
    return new HsmException(
        HsmException.Reason.DEVICE_ERROR, what + ": the token returned " + name(e), e);
  }
}
