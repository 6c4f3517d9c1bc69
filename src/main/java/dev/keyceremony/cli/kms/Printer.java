package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.burt.jmespath.Expression;
import java.time.ZoneId;

/** Applies --query and the --output format to an outcome, as the CLI's formatters do. */
final class Printer {
  private final String output;
  private final Expression<JsonNode> query;
  private final String color;
  private final Terminal terminal;
  private final ZoneId zone;

  Printer(String output, Expression<JsonNode> query, String color, Terminal terminal, ZoneId zone) {
    this.output = output;
    this.query = query;
    this.color = color;
    this.terminal = terminal;
    this.zone = zone;
  }

  String print(CommandSpec cmd, Invocation.Outcome o) {
    StringBuilder b = new StringBuilder();
    if (o.paged() != null && output.equals("text")) {
      // The text formatter prints page by page, then the NextToken.
      for (ObjectNode page : o.paged().pages()) {
        b.append(TextOutput.format(search(CliValues.of(page, zone))));
      }
      if (o.paged().nextToken() != null) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.putObject("NextToken").put("NextToken", o.paged().nextToken());
        b.append(TextOutput.format(search(t)));
      }
      return b.toString();
    }
    if (output.equals("yaml-stream")) {
      if (o.paged() != null) {
        for (ObjectNode page : o.paged().pages()) {
          b.append(YamlOutput.formatStreamItem(search(CliValues.of(page, zone))));
        }
        if (o.paged().nextToken() != null) {
          ObjectNode t = JsonNodeFactory.instance.objectNode();
          t.put("NextToken", o.paged().nextToken());
          b.append(YamlOutput.formatStreamItem(t));
        }
        return b.toString();
      }
      JsonNode data = search(CliValues.of(o.single(), zone));
      return data.isObject() && data.isEmpty() ? "" : YamlOutput.formatStreamItem(data);
    }
    JsonNode full = o.paged() != null ? o.paged().full(cmd.resultKey()) : o.single();
    JsonNode data = search(CliValues.of(full, zone));
    return switch (output) {
      case "text" -> TextOutput.format(data);
      case "table" ->
          TableOutput.format(
              cmd.operation(),
              data,
              terminal.width(),
              color.equals("on") || (color.equals("auto") && terminal.interactive()));
      case "yaml" -> data.isObject() && data.isEmpty() ? "" : YamlOutput.format(data);
      default -> JsonOutput.format(data);
    };
  }

  private JsonNode search(JsonNode data) {
    if (query == null) {
      return data;
    }
    JsonNode r = query.search(data);
    return r == null ? JsonNodeFactory.instance.nullNode() : r;
  }
}
