package dev.keyceremony.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JCS) canonical JSON, through the reference implementation by the RFC's author
 * (io.github.erdtman:java-json-canonicalization). Parsing for verification goes through a strict
 * Jackson mapper first (duplicate keys, trailing tokens, leading zeros and NaN are refused), because
 * the JCS library's own parser is lenient; any leniency then shows up as non-canonical bytes.
 */
public final class CanonicalJson {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

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
      return canonicalize(STRICT.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses one JSON text strictly; the exception message says what is wrong and where. */
  static JsonNode parseStrict(String json) throws JsonProcessingException {
    return STRICT.readTree(json);
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
    return STRICT;
  }
}
