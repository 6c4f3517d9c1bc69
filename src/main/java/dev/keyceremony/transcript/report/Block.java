package dev.keyceremony.transcript.report;

import java.util.List;

/** One piece of a report section. Every string is plain text; renderers escape it. */
public sealed interface Block {
  /** A paragraph; {@code emphasis} marks a verdict or warning. */
  record Para(String text, boolean emphasis) implements Block {}

  /**
   * Label/value rows; {@code mono} values are hashes, ARNs and IDs (shown in a fixed-width font).
   */
  record Facts(List<Fact> rows) implements Block {
    public Facts {
      rows = List.copyOf(rows);
    }
  }

  /** One label/value row. */
  record Fact(String label, String value, boolean mono) {}

  /** A table with a header row; {@code monoColumns} are shown in a fixed-width font. */
  record Table(List<String> header, List<List<String>> rows, List<Integer> monoColumns)
      implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      monoColumns = List.copyOf(monoColumns);
    }
  }

  /** A command line to copy. */
  record Command(String text) implements Block {}
}
