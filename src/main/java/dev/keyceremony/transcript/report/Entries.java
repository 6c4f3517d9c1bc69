package dev.keyceremony.transcript.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.keyceremony.transcript.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lookups over a transcript's entries for the report (the last entry of a type wins). */
final class Entries {
  private final List<TranscriptEntry> all;

  Entries(List<TranscriptEntry> all) {
    this.all = all;
  }

  List<TranscriptEntry> all() {
    return all;
  }

  JsonNode opened() {
    return all.isEmpty() ? MissingNode.getInstance() : all.get(0).data();
  }

  /** Data of the last entry of {@code type}, or a missing node. */
  JsonNode data(String type) {
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).type().equals(type)) {
        return all.get(i).data();
      }
    }
    return MissingNode.getInstance();
  }

  String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : compact(v);
  }

  String keyArn() {
    String sealed = text(data("ceremony.sealed"), "keyArn");
    return !sealed.isEmpty() ? sealed : keyFact("arn");
  }

  /**
   * A field of the KMS key as DescribeKey/CreateKey showed it (prove, then create-key, then
   * preflight).
   */
  String keyFact(String field) {
    for (String t : List.of("step.prove", "step.create-key", "step.preflight")) {
      String v = text(data(t).path("key"), field);
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  static String join(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(x -> l.add(x.asText()));
    return String.join(", ", l);
  }

  /** Every field of {@code n} except {@code skip}, as "k: v; k: v" (nested values compact). */
  static String others(JsonNode n, String... skip) {
    Set<String> s = Set.of(skip);
    List<String> l = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      if (!s.contains(f.getKey())) {
        l.add(
            f.getKey()
                + ": "
                + (f.getValue().isValueNode() ? f.getValue().asText() : compact(f.getValue())));
      }
    }
    return String.join("; ", l);
  }

  /** A JSON value on one line, whole (nothing clipped): {@code {a: 1, b: [x, y]}}. */
  static String compact(JsonNode n) {
    if (n.isValueNode()) {
      return n.asText();
    }
    List<String> l = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(x -> l.add(compact(x)));
      return "[" + String.join(", ", l) + "]";
    }
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      l.add(f.getKey() + ": " + compact(f.getValue()));
    }
    return "{" + String.join(", ", l) + "}";
  }
}
