package dev.keyceremony.cli.kms;

import java.util.ArrayList;
import java.util.List;

/** One section of a table: title, headers, rows (the AWS CLI's table.Section). */
final class TableSection {
  String title = "";
  List<String> headers = new ArrayList<>();
  final List<List<String>> rows = new ArrayList<>();
  int indentLevel;
  private Integer numCols;
  private List<Integer> maxWidths = new ArrayList<>();

  List<Integer> columnWidths(int padding, Integer maxWidth) {
    List<Integer> unscaled = new ArrayList<>();
    for (int w : maxWidths) {
      unscaled.add(w + padding);
    }
    if (maxWidth == null || unscaled.isEmpty()) {
      return unscaled;
    }
    int sum = unscaled.stream().mapToInt(Integer::intValue).sum();
    double scale = maxWidth / (double) sum;
    List<Integer> scaled = new ArrayList<>();
    for (int w : unscaled) {
      // Python's round() rounds half to even, as Math.rint does.
      scaled.add((int) Math.rint(scale * w));
    }
    int offBy = scaled.stream().mapToInt(Integer::intValue).sum() - maxWidth;
    while (offBy != 0) {
      int n = scaled.size();
      for (int k = 0; k < n; k++) {
        int i = offBy < 0 ? n - 1 - k : k;
        if (offBy > 0) {
          scaled.set(i, scaled.get(i) - 1);
          offBy--;
        } else {
          scaled.set(i, scaled.get(i) + 1);
          offBy++;
        }
        if (offBy == 0) {
          break;
        }
      }
    }
    return scaled;
  }

  int totalWidth(int padding, boolean withBorder, int outerPadding) {
    int total = 0;
    for (int w : columnWidths(0, null)) {
      total += w + padding;
    }
    if (withBorder) {
      total += 2;
    }
    total += 2 * outerPadding;
    return Math.max(TableOutput.textLength(title) + 2 + 2 * outerPadding, total);
  }

  void addHeader(List<String> h) {
    updateMaxWidths(h);
    if (numCols == null) {
      numCols = h.size();
    }
    headers = h;
  }

  void addRow(List<String> row) {
    if (numCols == null) {
      numCols = row.size();
    }
    if (row.size() != numCols) {
      throw new IllegalStateException(
          "Row should have " + numCols + " elements, instead it has " + row.size());
    }
    rows.add(row);
    updateMaxWidths(row);
  }

  private void updateMaxWidths(List<String> row) {
    if (maxWidths.isEmpty()) {
      maxWidths = new ArrayList<>();
      for (String s : row) {
        maxWidths.add(TableOutput.textLength(s));
      }
    } else {
      for (int i = 0; i < row.size(); i++) {
        maxWidths.set(i, Math.max(TableOutput.textLength(row.get(i)), maxWidths.get(i)));
      }
    }
  }
}
