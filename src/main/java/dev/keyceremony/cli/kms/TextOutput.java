package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code --output text}: the AWS CLI's text.py, line for line. */
final class TextOutput {
  private TextOutput() {}

  static String format(JsonNode data) {
    StringBuilder b = new StringBuilder();
    text(data, b, null, null);
    return b.toString();
  }

  private static void text(
      JsonNode item, StringBuilder b, String identifier, List<String> scalarKeys) {
    if (item.isObject()) {
      dict(scalarKeys, item, identifier, b);
    } else if (item.isArray()) {
      list(item, identifier, b);
    } else {
      b.append(CliValues.str(item)).append('\n');
    }
  }

  private static void list(JsonNode item, String identifier, StringBuilder b) {
    if (item.isEmpty()) {
      return;
    }
    boolean anyDict = false;
    boolean anyList = false;
    for (JsonNode el : item) {
      anyDict |= el.isObject();
      anyList |= el.isArray();
    }
    if (anyDict) {
      List<String> all = allScalarKeys(item);
      for (JsonNode el : item) {
        text(el, b, identifier, all);
      }
    } else if (anyList) {
      List<JsonNode> scalars = new ArrayList<>();
      List<JsonNode> nonScalars = new ArrayList<>();
      for (JsonNode el : item) {
        (CliValues.isScalar(el) ? scalars : nonScalars).add(el);
      }
      if (!scalars.isEmpty()) {
        scalarList(scalars, identifier, b);
      }
      for (JsonNode n : nonScalars) {
        text(n, b, identifier, null);
      }
    } else {
      List<JsonNode> all = new ArrayList<>();
      item.forEach(all::add);
      scalarList(all, identifier, b);
    }
  }

  private static void scalarList(List<JsonNode> elements, String identifier, StringBuilder b) {
    if (identifier != null) {
      for (JsonNode n : elements) {
        b.append(identifier.toUpperCase(Locale.ROOT))
            .append('\t')
            .append(CliValues.str(n))
            .append('\n');
      }
    } else {
      List<String> s = new ArrayList<>();
      elements.forEach(n -> s.add(CliValues.str(n)));
      b.append(String.join("\t", s)).append('\n');
    }
  }

  private static void dict(
      List<String> scalarKeys, JsonNode item, String identifier, StringBuilder b) {
    List<String> scalars = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> nonScalars = new ArrayList<>();
    if (scalarKeys == null) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      item.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        if (CliValues.isScalar(e.getValue())) {
          scalars.add(CliValues.str(e.getValue()));
        } else {
          nonScalars.add(e);
        }
      }
    } else {
      for (String k : scalarKeys) {
        scalars.add(item.has(k) ? CliValues.str(item.get(k)) : "");
      }
      TreeSet<String> remaining = new TreeSet<>();
      item.fieldNames().forEachRemaining(remaining::add);
      remaining.removeAll(scalarKeys);
      for (String k : remaining) {
        nonScalars.add(Map.entry(k, item.get(k)));
      }
    }
    if (!scalars.isEmpty()) {
      if (identifier != null) {
        scalars.add(0, identifier.toUpperCase(Locale.ROOT));
      }
      b.append(String.join("\t", scalars)).append('\n');
    }
    for (Map.Entry<String, JsonNode> e : nonScalars) {
      text(e.getValue(), b, e.getKey(), null);
    }
  }

  private static List<String> allScalarKeys(JsonNode listOfDicts) {
    TreeSet<String> keys = new TreeSet<>();
    for (JsonNode d : listOfDicts) {
      if (d.isObject()) {
        d.properties()
            .forEach(
                e -> {
                  if (CliValues.isScalar(e.getValue())) {
                    keys.add(e.getKey());
                  }
                });
      }
    }
    return new ArrayList<>(keys);
  }
}
