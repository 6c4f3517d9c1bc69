package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Journal;
import dev.keyceremony.transcript.TranscriptWriter;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The ceremony's journal on the signed transcript: every entry is appended (fsynced) and followed
 * by a signed checkpoint, so an interrupted ceremony leaves a verifiable signed prefix.
 */
final class TranscriptJournal implements Journal {
  private final TranscriptWriter writer;
  private final PrintWriter progress;

  TranscriptJournal(TranscriptWriter writer) {
    this(writer, null);
  }

  /** {@code progress} gets one line per entry (null for none). */
  TranscriptJournal(TranscriptWriter writer, PrintWriter progress) {
    this.writer = writer;
    this.progress = progress;
  }

  @Override
  public void record(String type, String actor, Map<String, Object> data) {
    writer.append(type, actor, data);
    writer.checkpoint();
    if (progress != null) {
      Object ms = data.get("durationMs");
      Object step = data.get("step");
      progress.println("  [" + writer.entryCount() + "] " + type
          + (step == null ? "" : " in step " + step) + (ms == null ? "" : " (" + ms + " ms)")
          + " - recorded and signed");
      if (data.get("fingerprintWords") != null) {
        progress.println("      wrapping key SHA-256 " + data.get("wrappingKeySpkiSha256"));
        progress.println("      words: " + data.get("fingerprintWords"));
      }
      progress.flush();
    }
  }
}
