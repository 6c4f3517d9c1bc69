package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 behaviour of the canonicaliser, with the RFC's own examples, and the data-type gate. */
class CanonicalJsonTest {
  private static String canonical(String json) {
    return new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8);
  }

  /** RFC 8785 section 3.2.2 and 3.2.3: the complete example of the spec. */
  @Test
  void canonicalize_rfc8785Example_matchesSpecOutput() {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    assertThat(canonical(input))
        .isEqualTo(
            "{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  /**
   * RFC 8785 section 3.2.3: properties sorted by UTF-16 code units, not by code points or bytes.
   */
  @Test
  void canonicalize_propertyOrder_isUtf16CodeUnitOrder() {
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With"
            + " Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
            + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    assertThat(canonical(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical ECMAScript form. */
  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void canonicalize_numbers_matchRfc8785AppendixB(String ieeeHex, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));
    assertThat(canonical("[" + d + "]")).isEqualTo("[" + expected + "]");
  }

  @Test
  void canonicalize_controlCharactersAndUnicode_escapedOnlyAsJcsRequires() {
    assertThat(canonical("[\"\\u0000\\u001f\\b\\t\\f\\r\\n/\\u2028\u00e9\"]"))
        .isEqualTo("[\"\\u0000\\u001f\\b\\t\\f\\r\\n/\u2028\u00e9\"]");
  }

  @Test
  void isCanonical_acceptsCanonicalAndRefusesWhitespaceOrderAndNumberVariants() {
    assertThat(CanonicalJson.isCanonical(utf8("{\"a\":1,\"b\":[true]}"))).isTrue();
    assertThat(CanonicalJson.isCanonical(utf8("{\"a\": 1,\"b\":[true]}"))).isFalse();
    assertThat(CanonicalJson.isCanonical(utf8("{\"b\":[true],\"a\":1}"))).isFalse();
    assertThat(CanonicalJson.isCanonical(utf8("{\"a\":1.0}"))).isFalse();
    assertThat(CanonicalJson.isCanonical(utf8("{\"a\":\"\\u0041\"}"))).isFalse();
    assertThat(CanonicalJson.isCanonical(utf8("{\"a\":1"))).isFalse();
  }

  @Test
  void parseStrict_duplicateKeysAndTrailingContent_refused() {
    assertThatThrownBy(() -> CanonicalJson.parseStrict("{\"a\":1,\"a\":2}"))
        .hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> CanonicalJson.parseStrict("{\"a\":1} {}"))
        .hasMessageContaining("Trailing");
  }

  @Test
  void objectOf_jsonTypes_becomeCanonicalJson() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("z", List.of(1, 2.5, "x", true));
    data.put("a", null);
    data.put("m", Map.of("n", BigInteger.TEN, "d", new BigDecimal("0.5"), "l", 9007199254740991L));
    assertThat(
            new String(
                CanonicalJson.canonicalize(JsonValues.objectOf(data, "data")),
                StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"a\":null,\"m\":{\"d\":0.5,\"l\":9007199254740991,\"n\":10},\"z\":[1,2.5,\"x\",true]}");
  }

  @Test
  void objectOf_bytes_refusedWithPathAndFix() {
    assertThatThrownBy(
            () -> JsonValues.objectOf(Map.of("k", Map.of("material", new byte[] {1})), "data"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data.k.material")
        .hasMessageContaining("byte[] is not allowed")
        .hasMessageContaining("SHA-256");
  }

  @Test
  void objectOf_chars_refused() {
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("pin", "1234".toCharArray()), "data"))
        .hasMessageContaining("data.pin: char[] is not allowed");
  }

  @Test
  void objectOf_nonJsonValues_refusedWithTheirPath() {
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("t", java.time.Instant.EPOCH), "data"))
        .hasMessageContaining("data.t: java.time.Instant is not a JSON type");
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("f", 0.1f), "data"))
        .hasMessageContaining("data.f: java.lang.Float is not allowed");
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("n", Double.NaN), "data"))
        .hasMessageContaining("data.n: NaN is not a JSON number");
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("big", 9007199254740992L), "data"))
        .hasMessageContaining("data.big: integer 9007199254740992 is outside");
    assertThatThrownBy(
            () ->
                JsonValues.objectOf(
                    Map.of("x", new BigDecimal("0.1000000000000000000001")), "data"))
        .hasMessageContaining("not exactly representable");
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("s", "a\ud800b"), "data"))
        .hasMessageContaining("data.s: string has an unpaired UTF-16 surrogate at index 1");
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("l", List.of("ok", new byte[0])), "data"))
        .hasMessageContaining("data.l[1]: byte[]");
  }

  @Test
  void objectOf_nonStringKey_refused() {
    Map<Object, Object> m = Map.of(1, "one");
    assertThatThrownBy(() -> JsonValues.objectOf(Map.of("m", m), "data"))
        .hasMessageContaining("data.m: map key 1 is not a String");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
