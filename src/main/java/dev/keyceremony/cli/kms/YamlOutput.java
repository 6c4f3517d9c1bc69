package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --output yaml} and {@code yaml-stream}: what v2's YAMLDumper (ruamel.yaml, safe, block
 * style, YAML 1.2 resolution) prints: keys sorted, two-space mappings, sequences not indented under
 * their key, strings plain unless YAML would read them as something else (then single-quoted).
 */
final class YamlOutput {
  private static final Pattern NON_STRING =
      Pattern.compile(
          "true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
              + "|[-+]?[0-9_]+|0o[0-7_]+|0x[0-9a-fA-F_]+"
              + "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "([Tt ]|[ \\t]+)?([0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?)?"
              + "([ \\t]*(Z|[-+][0-9]{1,2}(:?[0-9]{2})?))?");

  private YamlOutput() {}

  static String format(JsonNode data) {
    if (data.isObject() && data.isEmpty()) {
      return "{}\n";
    }
    if (data.isArray() && data.isEmpty()) {
      return "[]\n";
    }
    StringBuilder b = new StringBuilder();
    if (CliValues.isScalar(data)) {
      b.append(scalar(data)).append('\n');
      if (!data.isTextual() || !needsQuotes(data.textValue())) {
        b.append("...\n");
      }
      return b.toString();
    }
    node(data, 0, b, false);
    return b.toString();
  }

  /** yaml-stream: each page as a one-element sequence, as v2's StreamedYAMLFormatter does. */
  static String formatStreamItem(JsonNode page) {
    StringBuilder b = new StringBuilder();
    List<JsonNode> one = new ArrayList<>();
    one.add(page);
    b.append("- ");
    if (page.isObject() && !page.isEmpty()) {
      mapping(page, 2, b, true);
    } else if (page.isArray() && !page.isEmpty()) {
      sequence(page, 2, b, true);
    } else {
      b.append(scalarOrEmpty(page)).append('\n');
    }
    return b.toString();
  }

  private static void node(JsonNode n, int indent, StringBuilder b, boolean inline) {
    if (n.isObject()) {
      mapping(n, indent, b, inline);
    } else {
      sequence(n, indent, b, inline);
    }
  }

  private static void mapping(JsonNode n, int indent, StringBuilder b, boolean inline) {
    List<String> keys = new ArrayList<>();
    n.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    boolean first = true;
    for (String k : keys) {
      if (!(first && inline)) {
        b.append(" ".repeat(indent));
      }
      first = false;
      b.append(key(k)).append(':');
      JsonNode v = n.get(k);
      if (v.isObject() && !v.isEmpty()) {
        b.append('\n');
        mapping(v, indent + 2, b, false);
      } else if (v.isArray() && !v.isEmpty()) {
        b.append('\n');
        sequence(v, indent, b, false);
      } else {
        b.append(' ');
        scalarValue(v, b, indent + 2);
        b.append('\n');
      }
    }
  }

  private static void sequence(JsonNode n, int indent, StringBuilder b, boolean inline) {
    boolean first = true;
    for (JsonNode v : n) {
      if (!(first && inline)) {
        b.append(" ".repeat(indent));
      }
      first = false;
      b.append("- ");
      if (v.isObject() && !v.isEmpty()) {
        mapping(v, indent + 2, b, true);
      } else if (v.isArray() && !v.isEmpty()) {
        sequence(v, indent + 2, b, true);
      } else {
        scalarValue(v, b, indent + 2);
        b.append('\n');
      }
    }
  }

  /**
   * Writes a scalar as ruamel's emitter does: plain or single-quoted strings break at a single
   * space once the line is past 80 columns (continuing at {@code indent}); line breaks inside a
   * single-quoted string become an empty line; strings with other special characters (tabs, control
   * characters) are double-quoted with YAML escapes.
   */
  private static void scalarValue(JsonNode v, StringBuilder b, int indent) {
    if (!v.isTextual() || v.textValue().isEmpty()) {
      b.append(scalarOrEmpty(v));
      return;
    }
    String text = v.textValue();
    if (hasSpecialCharacters(text)) {
      b.append(doubleQuoted(text));
      return;
    }
    boolean quoted = needsQuotes(text);
    int[] column = {b.length() - (b.lastIndexOf("\n") + 1)};
    if (quoted) {
      b.append('\'');
      column[0]++;
    }
    int start = 0;
    boolean spaces = false;
    boolean breaks = false;
    for (int end = 0; end <= text.length(); end++) {
      boolean none = end == text.length();
      char ch = none ? 0 : text.charAt(end);
      if (spaces) {
        if (none || ch != ' ') {
          boolean inner = !quoted || (start != 0 && !none);
          if (start + 1 == end && column[0] > 80 && inner) {
            b.append('\n').append(" ".repeat(indent));
            column[0] = indent;
          } else {
            b.append(text, start, end);
            column[0] += end - start;
          }
          start = end;
        }
      } else if (breaks) {
        if (none || ch != '\n') {
          b.append('\n');
          for (int i = start; i < end; i++) {
            b.append('\n');
          }
          b.append(" ".repeat(indent));
          column[0] = indent;
          start = end;
        }
      } else if (none || ch == ' ' || ch == '\n' || (quoted && ch == '\'')) {
        if (start < end) {
          b.append(text, start, end);
          column[0] += end - start;
          start = end;
        }
      }
      if (quoted && !none && ch == '\'') {
        b.append("''");
        column[0] += 2;
        start = end + 1;
      }
      spaces = !none && ch == ' ';
      breaks = !none && ch == '\n';
    }
    if (quoted) {
      b.append('\'');
    }
  }

  /** Characters YAML cannot show in plain or single-quoted style (tab and controls included). */
  private static boolean hasSpecialCharacters(String s) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      boolean printable =
          c == '\n'
              || (c >= 0x20 && c <= 0x7e)
              || c == 0x85
              || (c >= 0xa0 && c <= 0xd7ff)
              || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff)
              || (c >= 0x10000 && c <= 0x10ffff);
      if (!printable) {
        return true;
      }
    }
    return false;
  }

  private static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      String esc =
          switch (c) {
            case 0 -> "0";
            case 7 -> "a";
            case 8 -> "b";
            case 9 -> "t";
            case 10 -> "n";
            case 11 -> "v";
            case 12 -> "f";
            case 13 -> "r";
            case 27 -> "e";
            case '"' -> "\"";
            case '\\' -> "\\";
            case 0x85 -> "N";
            case 0xa0 -> "_";
            case 0x2028 -> "L";
            case 0x2029 -> "P";
            default -> null;
          };
      boolean printable =
          (c >= 0x20 && c <= 0x7e)
              || (c > 0xa0 && c <= 0xd7ff)
              || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff)
              || (c >= 0x10000 && c <= 0x10ffff);
      if (esc != null) {
        b.append('\\').append(esc);
      } else if (printable) {
        b.appendCodePoint(c);
      } else if (c <= 0xff) {
        b.append(String.format("\\x%02X", c));
      } else if (c <= 0xffff) {
        b.append(String.format("\\u%04X", c));
      } else {
        b.append(String.format("\\U%08X", c));
      }
    }
    return b.append('"').toString();
  }

  private static String scalarOrEmpty(JsonNode v) {
    if (v.isObject()) {
      return "{}";
    }
    if (v.isArray()) {
      return "[]";
    }
    return scalar(v);
  }

  private static String key(String k) {
    return needsQuotes(k) ? quote(k) : k;
  }

  private static String scalar(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "true" : "false";
    }
    if (v.isNumber()) {
      return v.asText();
    }
    String s = v.asText();
    return needsQuotes(s) ? quote(s) : s;
  }

  static boolean needsQuotes(String s) {
    if (s.isEmpty() || NON_STRING.matcher(s).matches()) {
      return true;
    }
    if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return true;
    }
    if ("-?:,[]{}#&*!|>'\"%@`".indexOf(s.charAt(0)) >= 0) {
      // "-", "?" and ":" may start a plain scalar only when followed by a non-space.
      boolean softIndicator =
          "-?:".indexOf(s.charAt(0)) >= 0 && s.length() > 1 && !Character.isWhitespace(s.charAt(1));
      if (!softIndicator) {
        return true;
      }
    }
    if (s.contains(": ")
        || s.contains(" #")
        || s.endsWith(":")
        || s.contains("\n")
        || s.contains("\t")) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
