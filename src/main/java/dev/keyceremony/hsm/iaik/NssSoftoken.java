package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.TokenFacts;
import java.util.Locale;
import java.util.Optional;

/**
 * What this tool knows about NSS's software token (libsoftokn3), measured on NSS 3.87 (Debian 12):
 * it needs its database in the C_Initialize parameters, keeps objects in the "NSS Certificate DB"
 * token, has no Security Officer on that token (C_Login with CKU_SO returns CKR_USER_TYPE_INVALID),
 * answers the CKM_AES_KEY_WRAP_KWP length query with the input length (handled by {@link
 * CallerBufferWrap}), and means RFC 3394 + PKCS#7 by CKM_AES_KEY_WRAP_PAD (0x210A), so {@link
 * Mechanisms#chooseKwp} takes 0x210B.
 */
final class NssSoftoken {
  private NssSoftoken() {}

  /** True for NSS's softoken (either of its slots), from the module info. */
  static boolean is(TokenFacts facts) {
    return facts.libraryManufacturer().toLowerCase(Locale.ROOT).contains("mozilla")
        && facts.libraryDescription().toUpperCase(Locale.ROOT).contains("NSS");
  }

  /** Why trusted mode cannot work on this token, or empty. */
  static Optional<String> trustedModeObstacle(TokenFacts facts) {
    if (!is(facts)) {
      return Optional.empty();
    }
    return Optional.of(
        "token '"
            + facts.label()
            + "' is NSS's software token ("
            + facts.libraryDescription()
            + " "
            + facts.libraryVersion()
            + "), which has no Security"
            + " Officer login on its key database (C_Login with CKU_SO returns CKR_USER_TYPE_INVALID),"
            + " so no CKA_TRUSTED wrapping key can be created there and trusted mode cannot be used");
  }
}
