package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Canonical form over generated data: any JSON value the writer accepts becomes one line (no raw
 * newline), is its own canonical form, parses back strictly to the same strings and numbers, and
 * passes the verifier's per-line parser.
 */
class CanonicalJsonPropertiesTest {
  @Property(tries = 300)
  void acceptedData_isCanonicalOneLine_andRoundTrips(@ForAll("data") Map<String, Object> data)
      throws Exception {
    ObjectNode tree = JsonValues.objectOf(data, "data");
    byte[] bytes = CanonicalJson.canonicalize(tree);
    for (byte b : bytes) {
      assertThat(b).isNotEqualTo((byte) '\n');
    }
    assertThat(CanonicalJson.isCanonical(bytes)).isTrue();
    JsonNode back = CanonicalJson.parseStrict(new String(bytes, StandardCharsets.UTF_8));
    assertSameValues(tree, back);
  }

  @Property(tries = 200)
  void writtenLine_passesTheVerifiersLineParser(@ForAll("data") Map<String, Object> data) {
    ObjectNode line =
        JsonValues.objectOf(
            Map.of(
                "seq",
                1,
                "time",
                "2026-01-15T09:30:00.125Z",
                "ceremony",
                "c-1",
                "type",
                "step.done",
                "actor",
                "tool",
                "prev",
                Hashes.GENESIS_PREV),
            "line");
    line.set("data", JsonValues.objectOf(data, "data"));
    byte[] bytes = CanonicalJson.canonicalize(line);
    EntryParser.Parsed p = EntryParser.parse(bytes);
    assertThat(p.problem()).isNull();
    assertSameValues(JsonValues.objectOf(data, "data"), p.entry().data());
  }

  private static void assertSameValues(JsonNode expected, JsonNode actual) {
    if (expected.isNumber()) {
      assertThat(actual.isNumber()).isTrue();
      assertThat(actual.doubleValue()).isEqualTo(expected.doubleValue());
    } else if (expected.isObject() || expected.isArray()) {
      assertThat(actual.size()).isEqualTo(expected.size());
      if (expected.isObject()) {
        expected.properties().forEach(e -> assertSameValues(e.getValue(), actual.get(e.getKey())));
      } else {
        for (int i = 0; i < expected.size(); i++) {
          assertSameValues(expected.get(i), actual.get(i));
        }
      }
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> data() {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            text().map(s -> (Object) s),
            Arbitraries.longs()
                .between(-JsonValues.MAX_SAFE_INTEGER, JsonValues.MAX_SAFE_INTEGER)
                .map(l -> (Object) l),
            Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite()).map(d -> (Object) d),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just(null));
    Arbitrary<Object> list = leaf.list().ofMaxSize(4).map(l -> (Object) l);
    Arbitrary<Object> inner =
        Arbitraries.maps(text(), leaf).ofMaxSize(4).map(m -> (Object) new HashMap<>(m));
    return Arbitraries.maps(text(), Arbitraries.oneOf(leaf, list, inner)).ofMaxSize(6);
  }

  /**
   * Any valid Unicode text, surrogate pairs and control characters included (never lone
   * surrogates).
   */
  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0x7f),
            Arbitraries.integers().between(0x80, 0xd7ff),
            Arbitraries.integers().between(0xe000, 0x10ffff))
        .list()
        .ofMaxSize(12)
        .map(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              return sb.toString();
            });
  }
}
