package dev.keyceremony.ceremony.script;

import java.util.List;

/** The {@code roles} section: operator, custodians, witnesses, approvals-required. */
final class RolesParser {
  static final List<String> KEYS =
      List.of("operator", "custodians", "witnesses", "approvals-required");

  private RolesParser() {}

  static Roles parse(Fields f) {
    String operator = f.text("operator", true, "the name of the person who runs the tool");
    List<String> custodians = f.strings("custodians", true, "the names of the key custodians");
    List<String> witnesses = f.strings("witnesses", true, "the names of the witnesses");
    Integer required = f.integer("approvals-required", true,
        "how many custodians must approve (1 to the number of custodians)");
    if (custodians != null) {
      if (custodians.isEmpty()) {
        f.problem("custodians", "is empty; at least one custodian must approve a ceremony");
      }
      ScriptParser.unique(f, "custodians", custodians);
    }
    if (witnesses != null) {
      if (witnesses.isEmpty()) {
        f.problem("witnesses", "is empty; at least one witness must confirm the wrapping key"
            + " fingerprint");
      }
      ScriptParser.unique(f, "witnesses", witnesses);
      if (operator != null && witnesses.contains(operator)) {
        f.problem("witnesses", "'" + operator + "' is the operator; a witness must be someone"
            + " other than the person running the tool");
      }
    }
    if (required != null && custodians != null
        && (required < 1 || required > custodians.size())) {
      f.problem("approvals-required", "'" + required + "' is out of range; allowed: 1 to "
          + custodians.size() + " (the number of custodians)");
      required = null;
    }
    if (!f.present() || operator == null || custodians == null || custodians.isEmpty()
        || witnesses == null || witnesses.isEmpty() || required == null) {
      return null;
    }
    return new Roles(operator, custodians, witnesses, required);
  }
}
