package dev.keyceremony.kms.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Debug output never shows blob contents (import tokens, key material, plaintext, public keys
 * alike): each blob becomes its length and SHA-256, which is enough to match it to a file.
 */
public final class Redaction {
  private Redaction() {}

  /** A copy of {@code node} with every binary value replaced by "&lt;n bytes, sha256=...&gt;". */
  public static JsonNode redact(JsonNode node) {
    if (node.isBinary()) {
      try {
        return JsonNodeFactory.instance.textNode(describe(node.binaryValue()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (node.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        o.set(e.getKey(), redact(e.getValue()));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> a.add(redact(n)));
      return a;
    }
    if (node.isPojo()) {
      return JsonNodeFactory.instance.textNode(String.valueOf(node.asText()));
    }
    return node;
  }

  /** "&lt;n bytes, sha256=hex&gt;". */
  public static String describe(byte[] bytes) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "<" + bytes.length + " bytes, sha256=" + HexFormat.of().formatHex(h) + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
