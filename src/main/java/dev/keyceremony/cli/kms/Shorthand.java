package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AWS CLI shorthand syntax ({@code TagKey=k,TagValue=v}, {@code a=[x,y]}, {@code a={b=c}},
 * {@code a=x,y} as a list, quoted values), after awscli/shorthand.py. Values stay text; the
 * member's type converts them afterwards.
 */
final class Shorthand {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String in;
  private int pos;

  private Shorthand(String in) {
    this.in = in;
  }

  /** Parses {@code value}; throws {@link IllegalArgumentException} with the CLI's wording. */
  static ObjectNode parse(String value) {
    Shorthand p = new Shorthand(value);
    ObjectNode out = p.params();
    if (p.pos != p.in.length()) {
      throw p.error("Expected: ',', received: '" + p.in.charAt(p.pos) + "'");
    }
    return out;
  }

  private ObjectNode params() {
    ObjectNode o = NODES.objectNode();
    keyval(o);
    while (pos < in.length() && in.charAt(pos) == ',') {
      pos++;
      keyval(o);
    }
    return o;
  }

  private void keyval(ObjectNode o) {
    skipSpace();
    int start = pos;
    while (pos < in.length() && in.charAt(pos) != '=' && in.charAt(pos) != ',') {
      pos++;
    }
    String key = in.substring(start, pos).trim();
    if (pos >= in.length() || in.charAt(pos) != '=' || key.isEmpty()) {
      throw error(
          "Expected: '=', received: '" + (pos < in.length() ? in.charAt(pos) : "EOF") + "'");
    }
    pos++;
    o.set(key, values());
  }

  private JsonNode values() {
    skipSpace();
    if (pos < in.length() && in.charAt(pos) == '[') {
      return explicitList();
    }
    if (pos < in.length() && in.charAt(pos) == '{') {
      return hash();
    }
    JsonNode first = NODES.textNode(scalar(",=]}"));
    ArrayNode list = null;
    // "a=1,2,b=3": a comma continues the list unless what follows is a new key=.
    while (pos < in.length() && in.charAt(pos) == ',' && !nextIsKey()) {
      pos++;
      if (list == null) {
        list = NODES.arrayNode().add(first);
      }
      list.add(scalar(",=]}"));
    }
    return list == null ? first : list;
  }

  private boolean nextIsKey() {
    int i = pos + 1;
    while (i < in.length()
        && in.charAt(i) != ','
        && in.charAt(i) != '='
        && in.charAt(i) != '['
        && in.charAt(i) != '{'
        && in.charAt(i) != '"'
        && in.charAt(i) != '\'') {
      i++;
    }
    return i < in.length() && in.charAt(i) == '=';
  }

  private JsonNode explicitList() {
    pos++;
    ArrayNode a = NODES.arrayNode();
    skipSpace();
    while (pos < in.length() && in.charAt(pos) != ']') {
      skipSpace();
      if (in.charAt(pos) == '{') {
        a.add(hash());
      } else if (in.charAt(pos) == '[') {
        a.add(explicitList());
      } else {
        a.add(scalar(",]"));
      }
      skipSpace();
      if (pos < in.length() && in.charAt(pos) == ',') {
        pos++;
      }
    }
    expect(']');
    return a;
  }

  private JsonNode hash() {
    pos++;
    ObjectNode o = NODES.objectNode();
    skipSpace();
    while (pos < in.length() && in.charAt(pos) != '}') {
      keyval(o);
      skipSpace();
      if (pos < in.length() && in.charAt(pos) == ',') {
        pos++;
      }
    }
    expect('}');
    return o;
  }

  private String scalar(String stops) {
    skipSpace();
    if (pos < in.length() && (in.charAt(pos) == '"' || in.charAt(pos) == '\'')) {
      char q = in.charAt(pos++);
      StringBuilder b = new StringBuilder();
      while (pos < in.length() && in.charAt(pos) != q) {
        if (in.charAt(pos) == '\\' && pos + 1 < in.length()) {
          pos++;
        }
        b.append(in.charAt(pos++));
      }
      expect(q);
      return b.toString();
    }
    int start = pos;
    while (pos < in.length() && stops.indexOf(in.charAt(pos)) < 0) {
      pos++;
    }
    return in.substring(start, pos).trim();
  }

  private void expect(char c) {
    if (pos >= in.length() || in.charAt(pos) != c) {
      throw error(
          "Expected: '"
              + c
              + "', received: '"
              + (pos < in.length() ? String.valueOf(in.charAt(pos)) : "EOF")
              + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        "\n" + what + " for input:\n" + in + "\n" + " ".repeat(Math.min(pos, in.length())) + "^");
  }
}
