package dev.keyceremony.ceremony.script;

import java.util.List;
import java.util.stream.Collectors;

/** A ceremony script that cannot be used, with every problem found (not just the first). */
public class ScriptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ScriptException(String source, List<Problem> problems) {
    super(
        source
            + ": "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "; nothing was done\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
