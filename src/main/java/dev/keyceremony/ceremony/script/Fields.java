package dev.keyceremony.ceremony.script;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validating cursor over one YAML mapping: reads typed fields by name, and records a {@link
 * Problem} with the full field path for every unknown key, missing field or wrong type instead of
 * stopping at the first one.
 */
final class Fields {
  private final String path;
  private final JsonNode node;
  private final List<Problem> problems;

  private Fields(String path, JsonNode node, List<Problem> problems) {
    this.path = path;
    this.node = node;
    this.problems = problems;
  }

  /**
   * Opens the mapping at {@code path}; reports a problem when it is not a mapping and every key
   * that is not in {@code allowed}. A missing or wrongly typed node yields an empty cursor.
   */
  /** {@code {run}} in a label, alias or description, replaced by the run ID. */
  static String run(String s, String runId) {
    return s == null ? null : s.replace("{run}", runId);
  }

  static Fields open(String path, JsonNode node, List<Problem> problems, List<String> allowed) {
    if (node != null && !node.isObject()) {
      problems.add(
          new Problem(
              path.isEmpty() ? "(top level)" : path,
              "must be a mapping with the keys "
                  + String.join(", ", allowed)
                  + "; got "
                  + describe(node)));
      return new Fields(path, null, problems);
    }
    if (node != null) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          problems.add(
              new Problem(
                  join(path, k), "unknown key; allowed here: " + String.join(", ", allowed)));
        }
      }
    }
    return new Fields(path, node, problems);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String describe(JsonNode n) {
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isNull()) {
      return "an empty value";
    }
    return "'" + n.asText() + "'";
  }

  /** False when the mapping is missing or not a mapping (already reported). */
  boolean present() {
    return node != null;
  }

  String path(String key) {
    return join(path, key);
  }

  boolean has(String key) {
    return node != null && node.has(key) && !node.get(key).isNull();
  }

  JsonNode raw(String key) {
    return node == null ? null : node.get(key);
  }

  void problem(String key, String message) {
    problems.add(new Problem(path(key), message));
  }

  /** A non-blank scalar string, or null (with a problem when required or mistyped). */
  String text(String key, boolean required, String whatItIs) {
    JsonNode n = raw(key);
    if (n == null || n.isNull()) {
      if (required && node != null) {
        problem(key, "is required: " + whatItIs);
      }
      return null;
    }
    if (!n.isValueNode()) {
      problem(key, "must be a single value (" + whatItIs + "); got " + describe(n));
      return null;
    }
    String s = n.asText().trim();
    if (s.isEmpty()) {
      problem(key, "is empty; expected " + whatItIs);
      return null;
    }
    return s;
  }

  /** A boolean ({@code true}/{@code false}), or {@code fallback} when absent. */
  boolean bool(String key, boolean fallback) {
    JsonNode n = raw(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      problem(key, describe(n) + " is not a boolean; allowed: true, false");
      return fallback;
    }
    return n.booleanValue();
  }

  /** A whole number, or null. */
  Integer integer(String key, boolean required, String whatItIs) {
    JsonNode n = raw(key);
    if (n == null || n.isNull()) {
      if (required && node != null) {
        problem(key, "is required: " + whatItIs);
      }
      return null;
    }
    if (!n.isIntegralNumber()) {
      problem(key, describe(n) + " is not a whole number; expected " + whatItIs);
      return null;
    }
    return n.intValue();
  }

  /** A list of non-blank strings, or null (with a problem when required or mistyped). */
  List<String> strings(String key, boolean required, String whatItIs) {
    JsonNode n = raw(key);
    if (n == null || n.isNull()) {
      if (required && node != null) {
        problem(key, "is required: " + whatItIs);
      }
      return null;
    }
    if (!n.isArray()) {
      problem(key, "must be a list (" + whatItIs + "); got " + describe(n));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isValueNode() || e.isNull() || e.asText().isBlank()) {
        problems.add(
            new Problem(path(key) + "[" + i + "]", "must be a non-empty name; got " + describe(e)));
      } else {
        out.add(e.asText().trim());
      }
    }
    return out;
  }

  /** A mapping of string to string (tags), or an empty map. */
  Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode n = raw(key);
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      problem(key, "must be a mapping of tag keys to values; got " + describe(n));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        problems.add(
            new Problem(
                path(key) + "." + e.getKey(),
                "must be a single value; got " + describe(e.getValue())));
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }
}
