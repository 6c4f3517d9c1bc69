package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One line of {@code transcript.jsonl}, as written or as read back.
 *
 * @param seq 1-based; equals the line number in the file
 * @param time UTC, RFC 3339 with millisecond precision and {@code Z}, e.g. {@code
 *     2026-01-01T09:30:00.125Z}
 * @param ceremony the ceremony id, the same on every line
 * @param type what happened, dotted lowercase, e.g. {@code ceremony.opened}, {@code kms.import}
 * @param actor who did it: a role, person or {@code tool}
 * @param data the entry's facts (hashes, never secrets); a copy is kept and handed out
 * @param prev lowercase hex SHA-256 of the previous line's bytes without its newline; 64 zeros on
 *     line 1
 * @param sha256 lowercase hex SHA-256 of this line's bytes without its newline (the next line's
 *     prev)
 */
public record TranscriptEntry(
    long seq,
    String time,
    String ceremony,
    String type,
    String actor,
    ObjectNode data,
    String prev,
    String sha256) {
  public TranscriptEntry {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, was " + seq);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(ceremony, "ceremony");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    data = Objects.requireNonNull(data, "data").deepCopy();
    if (!Hashes.isSha256Hex(prev)) {
      throw new IllegalArgumentException("prev must be 64 lowercase hex digits, was " + prev);
    }
    if (!Hashes.isSha256Hex(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, was " + sha256);
    }
  }

  /** A copy: the entry itself stays immutable. */
  @Override
  public ObjectNode data() {
    return data.deepCopy();
  }
}
