package dev.keyceremony.localkms.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed, validating access to one awsJson1.1 request body. Every accessor records its failures in
 * AWS's wording ("Value 'X' at 'keyId' failed to satisfy constraint: ...") and returns null; {@link
 * #done()} then throws one ValidationException naming all of them.
 */
public final class JsonRequest {
  /** Year 5138 or so: far beyond any valid KMS timestamp, far below overflow. */
  private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(100_000_000_000L);

  private final ObjectNode body;
  private final Validation validation = new Validation();

  public JsonRequest(ObjectNode body) {
    this.body = body;
  }

  public boolean has(String member) {
    JsonNode n = body.get(member);
    return n != null && !n.isNull();
  }

  public String string(String member, boolean required, int min, int max) {
    String v = text(member, required);
    if (v == null) {
      return null;
    }
    int len = v.codePointCount(0, v.length());
    if (len < min) {
      fail(shown(v), member, "Member must have length greater than or equal to " + min);
      return null;
    }
    if (len > max) {
      fail(shown(v), member, "Member must have length less than or equal to " + max);
      return null;
    }
    return v;
  }

  public String string(String member, boolean required, int min, int max, Pattern pattern) {
    String v = string(member, required, min, max);
    if (v != null && !pattern.matcher(v).matches()) {
      fail(shown(v), member, "Member must satisfy regular expression pattern: " + pattern);
      return null;
    }
    return v;
  }

  /** The member's string value; null when absent or not a string (then a type error is noted). */
  private String text(String member, boolean required) {
    JsonNode n = node(member, required);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      typeError(member, n, "string");
      return null;
    }
    return n.textValue();
  }

  public String enumValue(String member, boolean required, List<String> allowed) {
    String v = text(member, required);
    if (v == null) {
      return null;
    }
    if (!allowed.contains(v)) {
      fail(
          shown(v),
          member,
          "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
      return null;
    }
    return v;
  }

  /** A base64 blob; its value is never echoed in messages (it may be key material). */
  public byte[] blob(String member, boolean required, int min, int max) {
    JsonNode n = node(member, required);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      typeError(member, n, "blob");
      return null;
    }
    byte[] v;
    try {
      v = Base64.getDecoder().decode(n.textValue());
    } catch (IllegalArgumentException e) {
      throw new KmsError(
          "SerializationException", "Value at '" + camel(member) + "' is not valid base64.");
    }
    if (v.length < min) {
      validation.add(
          "Value at '"
              + camel(member)
              + "' failed to satisfy constraint: Member must have length"
              + " greater than or equal to "
              + min);
      return null;
    }
    if (v.length > max) {
      validation.add(
          "Value at '"
              + camel(member)
              + "' failed to satisfy constraint: Member must have length"
              + " less than or equal to "
              + max);
      return null;
    }
    return v;
  }

  public Integer integer(String member, boolean required, int min, int max) {
    JsonNode n = node(member, required);
    if (n == null) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      typeError(member, n, "integer");
      return null;
    }
    int v = n.intValue();
    if (v < min) {
      fail("'" + v + "'", member, "Member must have value greater than or equal to " + min);
      return null;
    }
    if (v > max) {
      fail("'" + v + "'", member, "Member must have value less than or equal to " + max);
      return null;
    }
    return v;
  }

  public Boolean bool(String member) {
    JsonNode n = node(member, false);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      typeError(member, n, "boolean");
      return null;
    }
    return n.booleanValue();
  }

  /** An epoch-seconds timestamp in any JSON number form: 1568894400, 1568894400.000, 1.5E9. */
  public Instant timestamp(String member, boolean required) {
    JsonNode n = node(member, required);
    if (n == null) {
      return null;
    }
    if (!n.isNumber()) {
      typeError(member, n, "timestamp (epoch seconds)");
      return null;
    }
    BigDecimal seconds = n.decimalValue();
    // Bound the value before any conversion: 1e999999999 must not expand into a huge integer.
    if (seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
      typeError(member, n, "timestamp (epoch seconds)");
      return null;
    }
    return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
  }

  public Map<String, String> stringMap(String member) {
    JsonNode n = node(member, false);
    if (n == null) {
      return Map.of();
    }
    if (!n.isObject()) {
      typeError(member, n, "map");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : n.properties()) {
      if (!e.getValue().isTextual()) {
        typeError(member, e.getValue(), "map of strings");
        return Map.of();
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  public List<JsonNode> list(String member) {
    JsonNode n = node(member, false);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      typeError(member, n, "list");
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  public void fail(String message) {
    validation.add(message);
  }

  /** Throws the collected validation errors, if any. */
  public void done() {
    validation.throwIfAny();
  }

  private JsonNode node(String member, boolean required) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      if (required) {
        validation.add(
            "Value null at '"
                + camel(member)
                + "' failed to satisfy constraint: Member must not"
                + " be null");
      }
      return null;
    }
    return n;
  }

  private void fail(String shownValue, String member, String constraint) {
    validation.add(
        "Value "
            + shownValue
            + " at '"
            + camel(member)
            + "' failed to satisfy constraint: "
            + constraint);
  }

  private void typeError(String member, JsonNode n, String expected) {
    validation.add(
        "Value at '"
            + camel(member)
            + "' failed to satisfy constraint: Member must be a "
            + expected
            + " (found "
            + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + ")");
  }

  private static String shown(String v) {
    String s = v.length() > 256 ? v.substring(0, 256) + "..." : v;
    return "'" + s + "'";
  }

  /** AWS names members in lowerCamelCase in validation messages: KeyId → keyId. */
  public static String camel(String member) {
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }
}
