package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Turns caller-supplied entry data into a JSON tree, accepting only JSON types: String, Number,
 * Boolean, null, Map with String keys, List (any Collection). Everything else is refused, byte[]
 * and char[] in particular: callers record hashes or encodings, never raw bytes (which could be key
 * material or a PIN).
 */
final class JsonValues {
  /** RFC 8785 numbers are IEEE 754 doubles: larger integers would silently change. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final int MAX_DEPTH = 32;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  static ObjectNode objectOf(Map<String, ?> data, String path) {
    if (data == null) {
      return NODES.objectNode();
    }
    return object(data, path, 0);
  }

  private static JsonNode value(Object v, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          path + ": nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof String s) {
      return NODES.textNode(checkString(s, path));
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Number n) {
      return number(n, path);
    }
    if (v instanceof Map<?, ?> m) {
      return object(m, path, depth);
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      int i = 0;
      for (Object e : c) {
        a.add(value(e, path + "[" + i++ + "]", depth + 1));
      }
      return a;
    }
    if (v instanceof byte[] || v instanceof char[]) {
      throw new IllegalArgumentException(
          path
              + ": "
              + v.getClass().getSimpleName()
              + " is not allowed in a transcript (it could be key material or a PIN); record a SHA-256"
              + " hex string of it, or an encoding of public data, instead");
    }
    throw new IllegalArgumentException(
        path
            + ": "
            + v.getClass().getName()
            + " is not a JSON type; pass String, Number, Boolean, null, Map<String,?> or List");
  }

  private static ObjectNode object(Map<?, ?> m, String path, int depth) {
    ObjectNode o = NODES.objectNode();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(path + ": map key " + e.getKey() + " is not a String");
      }
      checkString(key, path + " (key)");
      o.set(key, value(e.getValue(), path + "." + key, depth + 1));
    }
    return o;
  }

  private static JsonNode number(Number n, String path) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return integer(BigInteger.valueOf(n.longValue()), path);
    }
    if (n instanceof BigInteger bi) {
      return integer(bi, path);
    }
    if (n instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException(path + ": " + d + " is not a JSON number");
      }
      return NODES.numberNode(d == 0.0 ? 0.0 : d); // -0 canonicalises to 0 anyway
    }
    if (n instanceof BigDecimal bd) {
      double d = bd.doubleValue();
      if (Double.isInfinite(d) || new BigDecimal(Double.toString(d)).compareTo(bd) != 0) {
        throw new IllegalArgumentException(
            path
                + ": "
                + bd.toPlainString()
                + " is not exactly representable as an RFC 8785 (IEEE 754 double) number; record it as a string");
      }
      return NODES.numberNode(d);
    }
    throw new IllegalArgumentException(
        path
            + ": "
            + n.getClass().getName()
            + " is not allowed (a float would change value when widened); use Integer, Long, Double,"
            + " BigInteger or BigDecimal");
  }

  private static JsonNode integer(BigInteger v, String path) {
    if (v.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
      throw new IllegalArgumentException(
          path
              + ": integer "
              + v
              + " is outside +-(2^53-1), which an"
              + " RFC 8785 number cannot hold exactly; record it as a string");
    }
    return NODES.numberNode(v.longValue());
  }

  /** Lone surrogates cannot be encoded as UTF-8; JCS would silently replace them with '?'. */
  static String checkString(String s, String path) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            path
                + ": string has an unpaired UTF-16 surrogate at index "
                + i
                + "; it cannot be encoded as UTF-8");
      }
    }
    return s;
  }
}
