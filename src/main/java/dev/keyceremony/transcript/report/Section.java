package dev.keyceremony.transcript.report;

import java.util.List;

/** A titled part of the report ({@code id} is a stable anchor such as {@code who}). */
public record Section(String id, String title, List<Block> blocks) {
  public Section {
    blocks = List.copyOf(blocks);
  }
}
