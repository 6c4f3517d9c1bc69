package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineRendererTest {
  @Test
  void facts_pathsFlattened_wholeValues_numbersAsInTheTranscript() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("durationMs", 1234);
    d.put("kms", Map.of("requestId", "r-1"));
    d.put("list", List.of(1, 2, 3));
    d.put("acks", List.of(Map.of("name", "carol"), Map.of("name", "chris")));
    d.put("tiny", -1.5e-7);
    d.put("empty", Map.of());
    d.put("long", "ab".repeat(80));
    assertThat(TimelineRenderer.facts(JsonValues.objectOf(d, "data")))
        .containsExactly(
            "kms.requestId: r-1",
            "list: 1, 2, 3",
            "acks[0].name: carol",
            "acks[1].name: chris",
            "tiny: -1.5e-7",
            "empty: {}",
            "long: " + "ab".repeat(80));
  }

  @Test
  void wrap_breaksAtSpaces_andInsideOnlyOverlongWords() {
    StringBuilder sb = new StringBuilder();
    TimelineRenderer.wrap(sb, "> ", "  ", "aaaa bbbb cccc " + "x".repeat(25), 12);
    assertThat(sb.toString())
        .isEqualTo("> aaaa bbbb\n  cccc\n  xxxxxxxxxx\n  xxxxxxxxxx\n  xxxxx\n");
  }

  @Test
  void safe_escapesControlAndBidiButKeepsOtherUnicode() {
    assertThat(TimelineRenderer.safe("a\u001b[31m\u202e\u200b\u00e9\ud83d\ude00"))
        .isEqualTo("a\\u001b[31m\\u202e\\u200b\u00e9\ud83d\ude00");
  }
}
