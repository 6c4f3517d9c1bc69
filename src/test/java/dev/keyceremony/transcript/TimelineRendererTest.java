package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineRendererTest {
  @Test
  void dataSummary_durationFirst_pathsFlattened_numbersAsInTheTranscript() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("durationMs", 1234);
    d.put("kms", Map.of("requestId", "r-1"));
    d.put("list", List.of(1, 2, 3));
    d.put("tiny", -1.5e-7);
    d.put("empty", Map.of());
    assertThat(TimelineRenderer.dataSummary(JsonValues.objectOf(d, "data")))
        .isEqualTo("(1.234s) kms.requestId=r-1 list=[3 items] tiny=-1.5e-7 empty={}");
  }

  @Test
  void dataSummary_longValuesAndLines_clippedWithOneEllipsis() {
    String s = TimelineRenderer.dataSummary(JsonValues.objectOf(Map.of("h", "ab".repeat(40), "i", "x".repeat(200)),
        "data"));
    assertThat(s).hasSizeLessThanOrEqualTo(TimelineRenderer.SUMMARY_WIDTH).doesNotContain("\u2026\u2026");
    assertThat(s).contains("h=" + "ab".repeat(11) + "a\u2026");
  }

  @Test
  void safe_escapesControlAndBidiButKeepsOtherUnicode() {
    assertThat(TimelineRenderer.safe("a\u001b[31m\u202e\u200b\u00e9\ud83d\ude00"))
        .isEqualTo("a\\u001b[31m\\u202e\\u200b\u00e9\ud83d\ude00");
  }
}
