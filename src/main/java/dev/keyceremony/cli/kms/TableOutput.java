package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code --output table}: the AWS CLI's TableFormatter and MultiTable (table.py), including the
 * switch to a vertical layout when the table is wider than the terminal (80 when not a terminal).
 */
final class TableOutput {
  private static final String BRIGHT_BLUE = "\u001b[1m\u001b[34m";
  private static final String DIM_YELLOW = "\u001b[2m\u001b[33m";
  private static final String RESET = "\u001b[0m";

  private final List<TableSection> sections = new ArrayList<>();
  private final int terminalWidth;
  private final boolean color;
  private TableSection current;

  private TableOutput(int terminalWidth, boolean color) {
    this.terminalWidth = terminalWidth;
    this.color = color;
  }

  static String format(String title, JsonNode response, int terminalWidth, boolean color) {
    TableOutput t = new TableOutput(terminalWidth, color);
    if (!t.build(title, response, 0)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    t.render(b);
    return b.toString();
  }

  /** East Asian wide, full-width and ambiguous characters count two columns, as in table.py. */
  static int textLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      n += EastAsianWidth.isWide(cp) ? 2 : 1;
      i += Character.charCount(cp);
    }
    return n;
  }

  // ---- TableFormatter._build_table and friends

  private boolean build(String title, JsonNode cur, int indent) {
    if (isFalsy(cur)) {
      return false;
    }
    if (title != null) {
      newSection(title, indent);
    }
    if (cur.isArray()) {
      if (cur.get(0).isObject()) {
        subTableFromList(cur, indent, title);
      } else {
        for (JsonNode item : cur) {
          if (CliValues.isScalar(item)) {
            current.addRow(List.of(CliValues.str(item)));
          } else if (allScalar(item)) {
            List<String> row = new ArrayList<>();
            item.forEach(el -> row.add(CliValues.str(el)));
            current.addRow(row);
          } else {
            build(null, item, 0);
          }
        }
      }
    }
    if (cur.isObject()) {
      subTableFromDict(cur, indent);
    }
    return true;
  }

  private static boolean isFalsy(JsonNode n) {
    return n == null
        || n.isNull()
        || n.isMissingNode()
        || ((n.isObject() || n.isArray()) && n.isEmpty())
        || (n.isTextual() && n.textValue().isEmpty())
        || (n.isBoolean() && !n.booleanValue())
        || (n.isNumber() && n.doubleValue() == 0);
  }

  private static boolean allScalar(JsonNode item) {
    if (item.isObject()) {
      // Iterating a Python dict yields its keys, which are scalars.
      return true;
    }
    for (JsonNode el : item) {
      if (!CliValues.isScalar(el)) {
        return false;
      }
    }
    return true;
  }

  private void subTableFromDict(JsonNode cur, int indent) {
    List<String> headers = new ArrayList<>();
    List<String> more = new ArrayList<>();
    group(cur, headers, more);
    if (headers.size() == 1) {
      current.addRow(List.of(headers.get(0), CliValues.str(cur.get(headers.get(0)))));
    } else if (!headers.isEmpty()) {
      current.addHeader(headers);
      List<String> row = new ArrayList<>();
      headers.forEach(h -> row.add(CliValues.str(cur.get(h))));
      current.addRow(row);
    }
    for (String k : more) {
      build(k, cur.get(k), indent + 1);
    }
  }

  private void subTableFromList(JsonNode cur, int indent, String title) {
    TreeSet<String> hs = new TreeSet<>();
    TreeSet<String> ms = new TreeSet<>();
    for (JsonNode item : cur) {
      List<String> h = new ArrayList<>();
      List<String> m = new ArrayList<>();
      group(item, h, m);
      hs.addAll(h);
      ms.addAll(m);
    }
    List<String> headers = new ArrayList<>(hs);
    current.addHeader(headers);
    boolean first = true;
    for (JsonNode el : cur) {
      if (!first && !ms.isEmpty()) {
        newSection(title, indent);
        current.addHeader(headers);
      }
      first = false;
      List<String> row = new ArrayList<>();
      for (String h : headers) {
        row.add(el.has(h) ? CliValues.str(el.get(h)) : "");
      }
      current.addRow(row);
      for (String k : ms) {
        if (el.has(k)) {
          build(k, el.get(k), indent + 1);
        }
      }
    }
  }

  private static void group(JsonNode cur, List<String> headers, List<String> more) {
    cur.properties()
        .forEach(e -> (CliValues.isScalar(e.getValue()) ? headers : more).add(e.getKey()));
    headers.sort(null);
    more.sort(null);
  }

  private void newSection(String title, int indent) {
    current = new TableSection();
    sections.add(current);
    current.title = title;
    current.indentLevel = indent;
  }

  // ---- MultiTable.render

  private void render(StringBuilder out) {
    int max = maxWidth();
    if (max > terminalWidth) {
      toVertical();
      max = maxWidth();
    }
    out.append("-".repeat(max)).append('\n');
    for (TableSection s : sections) {
      renderSection(s, max, out);
    }
  }

  private int maxWidth() {
    int m = 0;
    for (TableSection s : sections) {
      m = Math.max(m, s.totalWidth(4, true, s.indentLevel));
    }
    return m;
  }

  private void toVertical() {
    for (int i = 0; i < sections.size(); i++) {
      TableSection s = sections.get(i);
      if (s.rows.size() == 1 && !s.headers.isEmpty()) {
        TableSection n = new TableSection();
        n.title = s.title;
        n.indentLevel = s.indentLevel;
        for (int c = 0; c < Math.min(s.headers.size(), s.rows.get(0).size()); c++) {
          n.addRow(List.of(s.headers.get(c), s.rows.get(0).get(c)));
        }
        sections.set(i, n);
      }
    }
  }

  private void renderSection(TableSection s, int maxWidth, StringBuilder out) {
    String bar = color ? DIM_YELLOW + "|" + RESET : "|";
    List<String> lines = new ArrayList<>();
    int width = maxWidth - s.indentLevel * 2;
    if (!s.title.isEmpty()) {
      lines.add(center(s.title, width, "|", "|"));
      if (s.headers.isEmpty() && s.rows.isEmpty()) {
        lines.add("+" + "-".repeat(width - 2) + "+");
      }
    }
    if (!s.headers.isEmpty()) {
      List<Integer> widths = s.columnWidths(4, width);
      StringBuilder cur = new StringBuilder();
      for (int i = 0; i < widths.size() && i < s.headers.size(); i++) {
        cur.append(center(s.headers.get(i), widths.get(i), i == 0 ? "|" : "", "|"));
      }
      lines.add(lineBreak(widths));
      lines.add(cur.toString());
    }
    if (!s.rows.isEmpty()) {
      List<Integer> widths = s.columnWidths(4, width);
      if (!widths.isEmpty()) {
        lines.add(lineBreak(widths));
        for (List<String> row : s.rows) {
          StringBuilder cur = new StringBuilder();
          for (int i = 0; i < widths.size() && i < row.size(); i++) {
            cur.append(alignLeft(row.get(i), widths.get(i), i == 0 ? "|" : "", "|"));
          }
          lines.add(cur.toString());
        }
        lines.add(lineBreak(widths));
      }
    }
    for (String l : lines) {
      out.append(bar.repeat(s.indentLevel))
          .append(l)
          .append(bar.repeat(s.indentLevel))
          .append('\n');
    }
  }

  private static String lineBreak(List<Integer> widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < widths.size(); i++) {
      b.append(
          i == 0 ? "+" + "-".repeat(widths.get(i) - 2) + "+" : "-".repeat(widths.get(i) - 1) + "+");
    }
    return b.toString();
  }

  private static String center(String text, int length, String left, String right) {
    int textLength = textLength(text);
    int charStart = Math.floorDiv(length, 2) - Math.floorDiv(textLength, 2) - 1;
    StringBuilder b =
        new StringBuilder(left).append(" ".repeat(Math.max(0, charStart))).append(text);
    int soFar = textLength(left) + charStart + textLength;
    b.append(" ".repeat(Math.max(0, length - textLength(right) - soFar))).append(right);
    return b.toString();
  }

  private String alignLeft(String text, int length, String left, String right) {
    int textLength = textLength(text);
    int computed = textLength + 2 + textLength(left) + textLength(right);
    int padding = length - computed >= 0 ? 2 : 0;
    String styled = color ? BRIGHT_BLUE + text + RESET : text;
    int soFar = left.length() + padding + textLength;
    return left
        + " ".repeat(padding)
        + styled
        + " ".repeat(Math.max(0, length - soFar - right.length()))
        + right;
  }
}
