package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Journal;
import dev.keyceremony.transcript.TranscriptWriter;
import java.util.Map;

/**
 * The ceremony's journal on the signed transcript: every entry is appended (fsynced) and followed
 * by a signed checkpoint, so an interrupted ceremony leaves a verifiable signed prefix.
 */
final class TranscriptJournal implements Journal {
  private final TranscriptWriter writer;

  TranscriptJournal(TranscriptWriter writer) {
    this.writer = writer;
  }

  @Override
  public void record(String type, String actor, Map<String, Object> data) {
    writer.append(type, actor, data);
    writer.checkpoint();
  }
}
