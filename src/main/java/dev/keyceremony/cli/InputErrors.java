package dev.keyceremony.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;

/**
 * Bad command lines: the message, a "did you mean" for a mistyped command or option of any command
 * (picocli's own suggestions miss transpositions such as {@code rnu}), then the usage; exit code
 * {@link ExitCodes#INVALID_INPUT}.
 */
final class InputErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(ex.getMessage());
    List<String> suggestions =
        ex instanceof CommandLine.UnmatchedArgumentException u
            ? suggestions(cl, u.getUnmatched())
            : List.of();
    if (!suggestions.isEmpty()) {
      err.println("Did you mean: " + String.join(" or ", suggestions) + "?");
    } else {
      cl.usage(err);
    }
    err.flush();
    return ExitCodes.INVALID_INPUT;
  }

  /** Full command lines (e.g. {@code ceremony hsm info}) or options close to the first typo. */
  static List<String> suggestions(CommandLine cl, List<String> unmatched) {
    if (unmatched.isEmpty()) {
      return List.of();
    }
    String typo = unmatched.get(0);
    String prefix = cl.getCommandSpec().qualifiedName(" ");
    List<String> out = new ArrayList<>();
    if (typo.startsWith("-")) {
      String name = typo.contains("=") ? typo.substring(0, typo.indexOf('=')) : typo;
      for (String o : close(name, cl.getCommandSpec().optionsMap().keySet())) {
        out.add(o);
      }
      return out;
    }
    for (String c : close(typo, cl.getSubcommands().keySet())) {
      out.add(prefix + " " + c);
    }
    return out;
  }

  /** Candidates within a small edit distance (transpositions count once), closest first. */
  static List<String> close(String typo, Collection<String> candidates) {
    int limit = typo.length() <= 4 ? 1 : 2;
    List<String> out = new ArrayList<>();
    for (int d = 0; d <= limit; d++) {
      for (String c : candidates) {
        if (distance(typo.toLowerCase(java.util.Locale.ROOT), c) == d && !out.contains(c)) {
          out.add(c);
        }
      }
    }
    for (String c : candidates) { // a prefix: "hsm list" for "hsm list"
      if (typo.length() >= 3 && c.startsWith(typo) && !out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
