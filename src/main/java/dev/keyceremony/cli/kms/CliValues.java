package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;

/**
 * The response as the CLI holds it before formatting: timestamps already ISO 8601 strings in the
 * local zone (v2's default cli_timestamp_format), blobs base64 strings. --query and every output
 * format work on this tree, as in the CLI.
 */
final class CliValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CliValues() {}

  static JsonNode of(JsonNode n, ZoneId zone) {
    if (n == null) {
      return NODES.nullNode();
    }
    if (n.isPojo() && ((POJONode) n).getPojo() instanceof Instant t) {
      return NODES.textNode(Timestamps.isoformat(t, zone));
    }
    if (n.isBinary()) {
      try {
        return NODES.textNode(Base64.getEncoder().encodeToString(n.binaryValue()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (n.isObject()) {
      ObjectNode o = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        o.set(e.getKey(), of(e.getValue(), zone));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = NODES.arrayNode();
      n.forEach(x -> a.add(of(x, zone)));
      return a;
    }
    return n;
  }

  /** Python's {@code str()} of a scalar, as the text and table formats print it. */
  static String str(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "None";
    }
    if (n.isBoolean()) {
      return n.booleanValue() ? "True" : "False";
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isFloatingPointNumber()) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d) : Double.toString(d);
    }
    return n.asText();
  }

  static boolean isScalar(JsonNode n) {
    return !(n.isObject() || n.isArray());
  }
}
