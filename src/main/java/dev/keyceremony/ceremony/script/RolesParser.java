package dev.keyceremony.ceremony.script;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.core.sshsig.SshPublicKey;
import dev.keyceremony.core.sshsig.SshSigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code roles} section: operator, custodians, witnesses, approvals-required, ask-everyone. A
 * custodian or witness is a plain name ({@code carol}) or a mapping {@code {name: carol, ssh-key:
 * "ssh-ed25519 AAAA... carol"}}.
 */
final class RolesParser {
  static final List<String> KEYS =
      List.of("operator", "custodians", "witnesses", "approvals-required", "ask-everyone");
  private static final List<String> PERSON_KEYS = List.of("name", "ssh-key");

  private RolesParser() {}

  static Roles parse(Fields f, List<Problem> problems) {
    String operator = f.text("operator", true, "the name of the person who runs the tool");
    Map<String, SshPublicKey> keys = new LinkedHashMap<>();
    List<String> custodians = people(f, "custodians", "the key custodians", keys, problems);
    List<String> witnesses = people(f, "witnesses", "the witnesses", keys, problems);
    Integer required =
        f.integer(
            "approvals-required",
            true,
            "how many custodians must approve (1 to the number of custodians)");
    boolean askEveryone = f.bool("ask-everyone", false);
    if (custodians != null) {
      if (custodians.isEmpty()) {
        f.problem("custodians", "is empty; at least one custodian must approve a ceremony");
      }
      ScriptParser.unique(f, "custodians", custodians);
    }
    if (witnesses != null) {
      if (witnesses.isEmpty()) {
        f.problem(
            "witnesses",
            "is empty; at least one witness must confirm the wrapping key" + " fingerprint");
      }
      ScriptParser.unique(f, "witnesses", witnesses);
      if (operator != null && witnesses.contains(operator)) {
        f.problem(
            "witnesses",
            "'"
                + operator
                + "' is the operator; a witness must be someone"
                + " other than the person running the tool");
      }
    }
    sharedKeys(f, keys);
    if (required != null && custodians != null && (required < 1 || required > custodians.size())) {
      f.problem(
          "approvals-required",
          "'"
              + required
              + "' is out of range; allowed: 1 to "
              + custodians.size()
              + " (the number of custodians)");
      required = null;
    }
    if (!f.present()
        || operator == null
        || custodians == null
        || custodians.isEmpty()
        || witnesses == null
        || witnesses.isEmpty()
        || required == null) {
      return null;
    }
    return new Roles(operator, custodians, witnesses, required, keys, askEveryone);
  }

  /** A list of plain names or {name, ssh-key} mappings. */
  private static List<String> people(
      Fields f, String key, String what, Map<String, SshPublicKey> keys, List<Problem> problems) {
    JsonNode n = f.raw(key);
    if (n == null || n.isNull()) {
      if (f.present()) {
        f.problem(
            key,
            "is required: "
                + what
                + " (names, or {name: NAME, ssh-key: \"ssh-ed25519"
                + " AAAA...\"})");
      }
      return null;
    }
    if (!n.isArray()) {
      f.problem(key, "must be a list (" + what + "); got " + Fields.describe(n));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      String path = f.path(key) + "[" + i + "]";
      if (e.isObject()) {
        Fields p = Fields.open(path, e, problems, PERSON_KEYS);
        String name = p.text("name", true, "the person's name");
        String line =
            p.text("ssh-key", false, "an OpenSSH public key line (the contents of" + " KEY.pub)");
        if (name == null) {
          continue;
        }
        out.add(name);
        if (line != null) {
          try {
            keys.put(name, SshPublicKey.parseLine(line));
          } catch (SshSigException ex) {
            p.problem("ssh-key", ex.getMessage());
          }
        }
      } else if (!e.isValueNode() || e.isNull() || e.asText().isBlank()) {
        problems.add(
            new Problem(
                path,
                "must be a non-empty name or {name: NAME, ssh-key: KEY};"
                    + " got "
                    + Fields.describe(e)));
      } else {
        out.add(e.asText().trim());
      }
    }
    return out;
  }

  /** One key, one person: otherwise one signature could count for two people. */
  private static void sharedKeys(Fields f, Map<String, SshPublicKey> keys) {
    List<Map.Entry<String, SshPublicKey>> all = new ArrayList<>(keys.entrySet());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        if (all.get(i).getValue().sameKey(all.get(j).getValue())) {
          f.problem(
              "custodians",
              all.get(i).getKey()
                  + " and "
                  + all.get(j).getKey()
                  + " have the same ssh-key ("
                  + all.get(i).getValue().fingerprint()
                  + "); each"
                  + " person needs their own key");
        }
      }
    }
  }
}
