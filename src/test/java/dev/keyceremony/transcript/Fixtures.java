package dev.keyceremony.transcript;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small deterministic transcripts for the tests. */
public final class Fixtures {
  public static final Instant START = Instant.parse("2026-01-15T09:30:00.125Z");

  private Fixtures() {}

  public static SteppingClock clock() {
    return new SteppingClock(START, Duration.ofMillis(1500));
  }

  /**
   * Writes a closed (fully signed) transcript of {@code entries} lines into {@code dir}: opened,
   * steps, and (when more than one line) sealed.
   */
  public static void writeTranscript(Path dir, TranscriptSigner signer, int entries) {
    try (TranscriptWriter w =
        TranscriptWriter.create(dir, "ceremony-2026-01-15", signer, clock())) {
      for (int i = 1; i <= entries; i++) {
        String type =
            i == 1 ? "ceremony.opened" : i == entries ? TranscriptWriter.SEALED_TYPE : "step.done";
        Map<String, Object> d = data(i);
        if (i > 1 && i == entries) {
          d.put("outcome", "succeeded"); // a sealed entry says how the ceremony ended
        }
        w.append(type, i == 1 ? "tool" : "custodian:alice", d);
      }
    }
  }

  static Map<String, Object> data(int i) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (i == 1) {
      d.put("tool", Map.of("name", "ceremony", "version", "0.1.0"));
      d.put("participants", List.of("alice", "bob"));
    } else {
      d.put("step", i);
      d.put("wrappedKeySha256", Hashes.sha256Hex(new byte[] {(byte) i}));
      d.put("durationMs", 100 * i);
      d.put("note", "caf\u00e9 \"quoted\"");
    }
    return d;
  }
}
