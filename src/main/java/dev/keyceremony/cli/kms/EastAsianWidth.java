package dev.keyceremony.cli.kms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a code point is East Asian Wide, Fullwidth or Ambiguous, which the AWS CLI's table layout
 * counts as two columns. Java has no East Asian Width property, so the ranges are a resource
 * generated from ICU4J to match Python's unicodedata, the data the CLI uses (the test class
 * EastAsianWidthTableGenerator; EastAsianWidthTableTest fails when they differ).
 */
final class EastAsianWidth {
  private static final int[] STARTS;
  private static final int[] ENDS;

  static {
    List<int[]> ranges = new ArrayList<>();
    try (InputStream in = EastAsianWidth.class.getResourceAsStream("east-asian-width-wfa.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] p = line.trim().split(" ");
        ranges.add(new int[] {Integer.parseInt(p[0], 16), Integer.parseInt(p[1], 16)});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    STARTS = ranges.stream().mapToInt(a -> a[0]).toArray();
    ENDS = ranges.stream().mapToInt(a -> a[1]).toArray();
  }

  private EastAsianWidth() {}

  static boolean isWide(int codePoint) {
    int i = Arrays.binarySearch(STARTS, codePoint);
    if (i >= 0) {
      return true;
    }
    int before = -i - 2;
    return before >= 0 && codePoint <= ENDS[before];
  }
}
