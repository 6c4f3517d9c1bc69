package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.KmsDocumentApi;
import java.util.function.Consumer;

/** One command's calls: a single call, or the CLI's automatic pagination. */
final class Invocation {
  private final KmsDocumentApi kms;
  private final CommandSpec cmd;
  private final ParsedLine line;
  private final ObjectNode input;
  private final Consumer<String> debug;

  /** What the calls returned: one response, or the pages. */
  record Outcome(ObjectNode single, Paginator.Result paged) {}

  Invocation(
      KmsDocumentApi kms,
      CommandSpec cmd,
      ParsedLine line,
      ObjectNode input,
      Consumer<String> debug) {
    this.kms = kms;
    this.cmd = cmd;
    this.line = line;
    this.input = input;
    this.debug = debug;
  }

  Outcome call() {
    // As the CLI: an explicit --limit or --marker turns automatic pagination off.
    boolean paginate =
        cmd.paginated()
            && !line.globals.noPaginate
            && !line.params.containsKey("Limit")
            && !line.params.containsKey("Marker");
    Consumer<String> ids =
        id -> {
          if (debug != null) {
            debug.accept("RequestId: " + id);
          }
        };
    if (!paginate) {
      var reply = kms.call(cmd.operation(), input);
      ids.accept(reply.requestId());
      return new Outcome(reply.value(), null);
    }
    Integer pageSize = intOption(line.pageSize, "--page-size");
    Integer maxItems = intOption(line.maxItems, "--max-items");
    return new Outcome(
        null,
        Paginator.run(
            kms,
            cmd.operation(),
            cmd.resultKey(),
            input,
            pageSize,
            maxItems,
            line.startingToken,
            ids));
  }

  private static Integer intOption(String v, String option) {
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw CliFailure.param(
          "Error parsing parameter '"
              + option
              + "': invalid literal for int() with base 10: '"
              + v
              + "'");
    }
  }
}
