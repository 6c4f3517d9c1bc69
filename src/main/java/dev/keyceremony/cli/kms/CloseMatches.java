package dev.keyceremony.cli.kms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Python's {@code difflib.get_close_matches(word, possibilities, n=3, cutoff=0.8)}, which the AWS
 * CLI uses for "Invalid choice: 'x', maybe you meant:": the Ratcliff/Obershelp ratio of {@code
 * SequenceMatcher(None, word, possibility)} (no junk; the autojunk heuristic only applies to
 * sequences of 200 or more), best three at or above 0.8, highest first (ties: the greater string
 * first, as {@code heapq.nlargest} on (score, string) orders them).
 */
final class CloseMatches {
  private CloseMatches() {}

  static List<String> of(String word, List<String> possibilities) {
    record Scored(double score, String s) {}
    List<Scored> l = new ArrayList<>();
    for (String p : possibilities) {
      double r = ratio(word, p);
      if (r >= 0.8) {
        l.add(new Scored(r, p));
      }
    }
    l.sort(Comparator.comparingDouble(Scored::score).thenComparing(Scored::s).reversed());
    return l.stream().limit(3).map(Scored::s).toList();
  }

  /** {@code SequenceMatcher(None, a, b).ratio()}: 2 * matched / (len(a) + len(b)). */
  static double ratio(String a, String b) {
    int total = a.length() + b.length();
    return total == 0 ? 1.0 : 2.0 * matched(a, 0, a.length(), b, 0, b.length()) / total;
  }

  /** The sizes of get_matching_blocks: the longest match, then recursively left and right. */
  private static int matched(String a, int alo, int ahi, String b, int blo, int bhi) {
    // find_longest_match: earliest in a, then earliest in b, among the longest.
    int besti = alo;
    int bestj = blo;
    int best = 0;
    int[] prev = new int[b.length() + 1];
    for (int i = alo; i < ahi; i++) {
      int[] cur = new int[b.length() + 1];
      for (int j = blo; j < bhi; j++) {
        if (a.charAt(i) == b.charAt(j)) {
          int k = (j > blo ? prev[j] : 0) + 1; // prev[j] is the run ending at (i-1, j-1)
          cur[j + 1] = k;
          if (k > best) {
            besti = i - k + 1;
            bestj = j - k + 1;
            best = k;
          }
        }
      }
      prev = cur;
    }
    if (best == 0) {
      return 0;
    }
    return best
        + matched(a, alo, besti, b, blo, bestj)
        + matched(a, besti + best, ahi, b, bestj + best, bhi);
  }
}
