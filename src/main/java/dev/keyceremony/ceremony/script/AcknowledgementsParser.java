package dev.keyceremony.ceremony.script;

import java.util.List;

/**
 * Pre-recorded acknowledgements for {@code --non-interactive}: {@code approvals} (custodian names,
 * at least roles.approvals-required) and {@code confirmations} (every witness).
 */
final class AcknowledgementsParser {
  static final List<String> KEYS = List.of("approvals", "confirmations");

  private AcknowledgementsParser() {}

  static Acknowledgements parse(Fields f, Roles roles, List<Problem> problems, String source) {
    List<String> approvals = f.strings("approvals", true, "the custodians who approve");
    List<String> confirmations =
        f.strings("confirmations", true, "the witnesses who confirm the fingerprint");
    if (approvals == null || confirmations == null) {
      return null;
    }
    ScriptParser.unique(f, "approvals", approvals);
    ScriptParser.unique(f, "confirmations", confirmations);
    if (roles != null) {
      for (String a : approvals) {
        if (!roles.custodians().contains(a)) {
          f.problem(
              "approvals",
              "'" + a + "' is not a custodian; allowed: " + String.join(", ", roles.custodians()));
        }
      }
      for (String a : approvals) {
        if (roles.key(a).isPresent()) {
          f.problem(
              "approvals",
              "'"
                  + a
                  + "' has an ssh-key in roles.custodians, so only a"
                  + " signature counts: remove the name here and give the signature with run"
                  + " --approvals DIR");
        }
      }
      long valid = approvals.stream().distinct().filter(roles.custodians()::contains).count();
      boolean signersExist = roles.custodians().stream().anyMatch(c -> roles.key(c).isPresent());
      // With signing custodians, the signatures come with run --approvals; the run counts them.
      if (!signersExist && valid < roles.approvalsRequired()) {
        f.problem(
            "approvals",
            valid
                + " custodian approval(s) listed but roles.approvals-required"
                + " is "
                + roles.approvalsRequired());
      }
      for (String c : confirmations) {
        if (!roles.witnesses().contains(c)) {
          f.problem(
              "confirmations",
              "'" + c + "' is not a witness; allowed: " + String.join(", ", roles.witnesses()));
        }
      }
      for (String c : confirmations) {
        if (roles.key(c).isPresent()) {
          f.problem(
              "confirmations",
              "'"
                  + c
                  + "' has an ssh-key in roles.witnesses, so only a"
                  + " signature over the fingerprint counts, and the fingerprint exists only during"
                  + " the run: run interactively, or list "
                  + c
                  + " without an ssh-key for a"
                  + " rehearsal");
        }
      }
      for (String w : roles.witnesses()) {
        // A witness with an ssh-key signs at the run (the prompt); nothing to pre-record.
        if (!confirmations.contains(w) && roles.key(w).isEmpty()) {
          f.problem(
              "confirmations",
              "witness '"
                  + w
                  + "' is missing; every witness in"
                  + " roles.witnesses must confirm the wrapping key fingerprint");
        }
      }
    }
    return new Acknowledgements(approvals, confirmations, source);
  }
}
