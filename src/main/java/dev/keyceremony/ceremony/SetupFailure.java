package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records a failure that happened before the ceremony could start (module, token, PIN, signer): the
 * opening entry and one {@code error} entry with cause, message and fix. The journal is an unsigned
 * transcript when the signer lives in the token that could not be used, and a signed one when only
 * the KMS set-up failed.
 */
public final class SetupFailure {
  private SetupFailure() {}

  /**
   * @param what the setup step that failed, e.g. {@code hsm-login} or {@code signer}
   * @param e the failure; its message must not hold a secret (HSM messages never hold a PIN)
   */
  public static void record(
      Journal journal,
      CeremonyScript s,
      Map<String, Object> environment,
      String participantsMode,
      String what,
      RuntimeException e) {
    String actor = "operator:" + s.roles().operator();
    journal.record("ceremony.opened", actor, Opening.data(s, environment, participantsMode));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("step", what);
    d.put("cause", Ceremony.causeCode(e));
    d.put("message", e.getMessage());
    d.put("fix", fix(e, s));
    d.put("changed", "nothing: no KMS call was made and no HSM object was created");
    journal.record("error", actor, d);
  }

  static String fix(RuntimeException e, CeremonyScript s) {
    if (e instanceof CeremonyFailure && ((CeremonyFailure) e).fix() != null) {
      return ((CeremonyFailure) e).fix();
    }
    if (!(e instanceof HsmException)) {
      return "check hsm.user-pin's source ("
          + s.hsm().userPin().kind().name().toLowerCase(java.util.Locale.ROOT)
          + ") and the hsm section, then run again";
    }
    switch (((HsmException) e).reason()) {
      case MODULE_NOT_LOADABLE:
        return "check hsm.module ("
            + s.hsm().module()
            + "): the path of a PKCS#11 library that"
            + " loads on this machine"
            + (s.hsm().initArgs() == null
                ? ""
                : ", and hsm.init-args, its C_Initialize parameters");
      case TOKEN_NOT_FOUND:
        return "check hsm.token ('" + s.hsm().token() + "') against ./ceremony hsm info";
      case PIN_INCORRECT:
        return "check that hsm.user-pin's source gives the token's user PIN; the token counts"
            + " failed logins and may lock";
      case PIN_LOCKED:
        return "the user PIN is locked: the Security Officer must unlock or reset it";
      default:
        return "see the message; check the hsm section of the script and ./ceremony hsm info";
    }
  }
}
