package dev.keyceremony.transcript.report;

import java.util.List;

/**
 * The report as Markdown (CommonMark with GFM tables) for tickets. Values are escaped so that
 * transcript text cannot become links, emphasis, HTML or table cells: Markdown punctuation gets a
 * backslash, {@code <} and {@code >} become entities, and line breaks become spaces.
 */
public final class MarkdownReportRenderer {
  private MarkdownReportRenderer() {}

  public static String render(AuditReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(md(r.title())).append("\n\n**").append(md(r.headline())).append("**\n");
    for (Section s : r.sections()) {
      b.append("\n## ").append(md(s.title())).append("\n\n");
      for (Block block : s.blocks()) {
        block(b, block);
      }
    }
    return b.toString();
  }

  private static void block(StringBuilder b, Block block) {
    if (block instanceof Block.Para p) {
      b.append(p.emphasis() ? "**" + md(p.text()) + "**" : md(p.text())).append("\n\n");
    } else if (block instanceof Block.Command c) {
      // An indented code block: shown verbatim, no escaping needed except line breaks.
      b.append("    ").append(c.text().replaceAll("[\\r\\n]+", " ")).append("\n\n");
    } else if (block instanceof Block.Facts f) {
      b.append("| | |\n|---|---|\n");
      for (Block.Fact x : f.rows()) {
        b.append("| ").append(md(x.label())).append(" | ").append(md(x.value())).append(" |\n");
      }
      b.append('\n');
    } else if (block instanceof Block.Table t) {
      b.append("| ")
          .append(String.join(" | ", t.header().stream().map(MarkdownReportRenderer::md).toList()))
          .append(" |\n|")
          .append("---|".repeat(t.header().size()))
          .append('\n');
      for (List<String> row : t.rows()) {
        b.append("| ")
            .append(String.join(" | ", row.stream().map(MarkdownReportRenderer::md).toList()))
            .append(" |\n");
      }
      b.append('\n');
    }
  }

  /** Escapes Markdown punctuation, HTML and table pipes; control characters shown as \\uXXXX. */
  static String md(String s) {
    String safe =
        dev.keyceremony.transcript.TimelineRenderer.safe(s == null ? "" : s)
            .replaceAll("[\\r\\n]+", " ");
    StringBuilder b = new StringBuilder(safe.length() + 8);
    for (int i = 0; i < safe.length(); i++) {
      char c = safe.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '\\', '`', '*', '_', '[', ']', '#', '|', '~' -> b.append('\\').append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
