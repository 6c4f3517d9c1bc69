package dev.keyceremony.transcript;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JCS) canonical JSON, through the reference implementation by the RFC's author
 * (io.github.erdtman:java-json-canonicalization). Parsing for verification goes through a strict
 * Jackson mapper first (duplicate keys, trailing tokens, leading zeros and NaN are refused),
 * because the JCS library's own parser is lenient; any leniency then shows up as non-canonical
 * bytes.
 */
public final class CanonicalJson {
  /**
   * The strict parser. Reading builds the tree from Jackson's streaming parser directly: an
   * ObjectMapper's first construction costs a fifth of {@code transcript verify}'s start-up (its
   * default date format loads the JDK's calendar locale data), and verification only reads.
   */
  private static final JsonFactory STRICT_FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** The mapper, for writing (and {@link #mapper()}'s callers); built on first use. */
  private static final class Mapper {
    static final ObjectMapper STRICT =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  private CanonicalJson() {}

  /** The RFC 8785 canonical UTF-8 bytes of {@code json} (any valid JSON text). */
  public static byte[] canonicalize(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedUTF8();
    } catch (IOException e) {
      throw new IllegalArgumentException("not canonicalisable JSON: " + e.getMessage(), e);
    }
  }

  /** The canonical bytes of a tree built by this package (only JSON-safe numbers in it). */
  static byte[] canonicalize(JsonNode node) {
    try {
      return canonicalize(Mapper.STRICT.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses one JSON text strictly (duplicate keys, trailing tokens, leading zeros and NaN are
   * refused); the exception message says what is wrong and where. Returns null for empty input, as
   * a missing value.
   */
  static JsonNode parseStrict(String json) throws JsonProcessingException {
    try (JsonParser p = STRICT_FACTORY.createParser(json)) {
      return readStrict(p);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading a String failed", e);
    }
  }

  /** {@link #parseStrict(String)} of UTF-8 bytes. */
  static JsonNode parseStrict(byte[] utf8) throws JsonProcessingException {
    try (JsonParser p = STRICT_FACTORY.createParser(utf8)) {
      return readStrict(p);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }

  private static JsonNode readStrict(JsonParser p) throws IOException {
    if (p.nextToken() == null) {
      return null;
    }
    JsonNode root = value(p);
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(
          p,
          "Trailing token (of type " + trailing + ") found after value (FAIL_ON_TRAILING_TOKENS)");
    }
    return root;
  }

  /** The tree of the value at the parser's current token, as ObjectMapper.readTree builds it. */
  private static JsonNode value(JsonParser p) throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (p.currentToken()) {
      case START_OBJECT:
        {
          ObjectNode o = f.objectNode();
          for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            o.set(name, value(p));
          }
          return o;
        }
      case START_ARRAY:
        {
          ArrayNode a = f.arrayNode();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(value(p));
          }
          return a;
        }
      case VALUE_STRING:
        return f.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return f.numberNode(p.getIntValue());
          case LONG:
            return f.numberNode(p.getLongValue());
          default:
            return f.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return f.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return f.booleanNode(true);
      case VALUE_FALSE:
        return f.booleanNode(false);
      case VALUE_NULL:
        return f.nullNode();
      default:
        throw new JsonParseException(p, "Unexpected token " + p.currentToken());
    }
  }

  /** Whether {@code utf8} is exactly its own RFC 8785 canonical form. */
  static boolean isCanonical(byte[] utf8) {
    try {
      byte[] canonical = canonicalize(new String(utf8, StandardCharsets.UTF_8));
      return Arrays.equals(canonical, utf8);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static ObjectMapper mapper() {
    return Mapper.STRICT;
  }
}
