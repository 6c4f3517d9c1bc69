package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.Journal;
import dev.keyceremony.transcript.TranscriptWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ceremony's journal on the signed transcript: every entry is appended (fsynced) and followed
 * by a signed checkpoint, so an interrupted ceremony leaves a verifiable signed prefix.
 */
public final class TranscriptJournal implements Journal {
  private final TranscriptWriter writer;
  private final Consumer<String> progress;
  private final Runnable afterEntry;

  public TranscriptJournal(TranscriptWriter writer) {
    this(writer, line -> {}, () -> {});
  }

  /**
   * @param progress gets one line per entry (for the operator's screen)
   * @param afterEntry runs after each entry is signed (a test hook pauses there)
   */
  public TranscriptJournal(
      TranscriptWriter writer, Consumer<String> progress, Runnable afterEntry) {
    this.writer = writer;
    this.progress = progress;
    this.afterEntry = afterEntry;
  }

  @Override
  public long record(String type, String actor, Map<String, Object> data) {
    writer.append(type, actor, data);
    writer.checkpoint();
    long seq = writer.entryCount();
    Object ms = data.get("durationMs");
    Object step = data.get("step");
    Object action = data.get("action");
    progress.accept(
        "  ["
            + seq
            + "] "
            + type
            + (action == null ? "" : " " + action)
            + (step == null ? "" : " in step " + step)
            + (ms == null ? "" : " (" + ms + " ms)")
            + " - recorded and signed");
    if (data.get("fingerprintWords") != null) {
      progress.accept("      wrapping key SHA-256 " + data.get("wrappingKeySpkiSha256"));
      progress.accept("      words: " + data.get("fingerprintWords"));
    }
    afterEntry.run();
    return seq;
  }
}
