package dev.keyceremony.cli.kms;

import dev.keyceremony.kms.MemberShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code ceremony kms} line the way the AWS CLI's argparse parsers do: global options
 * anywhere, {@code --opt value} and {@code --opt=value}, lists taking every following value that is
 * not an option, argparse's error wording. It checks syntax only; values are decoded later.
 */
final class ArgvParser {
  static final List<String> SKELETON_CHOICES = List.of("input", "output", "yaml-input");

  private ArgvParser() {}

  /** What an operation option stands for. */
  private record Opt(String member, MemberShape shape, Boolean flagValue) {}

  static ParsedLine parse(List<String> original) {
    List<String> args = new ArrayList<>(original);
    ParsedLine line = new ParsedLine();
    int commandAt = findCommand(args);
    if (commandAt < 0) {
      // No command: only globals such as --version make sense.
      List<String> unknown = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        args.set(i, expandAbbreviation(args.get(i), java.util.Set.of(), false));
        i = global(args, i, line, unknown);
      }
      if (!line.globals.version) {
        throw CliFailure.usage("the following arguments are required: operation");
      }
      return line;
    }
    String name = args.get(commandAt);
    if (name.equals("help")) {
      line.help = true;
      return line;
    }
    line.command =
        CommandSpec.named(name)
            .orElseThrow(
                () ->
                    CliFailure.usage(
                        invalidChoice(
                            "operation",
                            name,
                            java.util.stream.Stream.concat(
                                    CommandSpec.ALL.stream().map(CommandSpec::name),
                                    java.util.stream.Stream.of("help"))
                                .toList())));
    Map<String, Opt> ops = operationOptions(line.command);
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (i == commandAt) {
        continue;
      }
      String a = args.get(i);
      if (a.equals("help") && i > commandAt) {
        line.help = true;
        continue;
      }
      String opt = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
      String inline =
          a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
      opt = expandAbbreviation(opt, ops.keySet(), line.command.paginated());
      if (inline == null && !opt.equals(a)) {
        args.set(i, opt);
      } else if (inline != null) {
        args.set(i, opt + "=" + inline);
      }
      Opt o = ops.get(opt);
      if (o != null) {
        if (o.flagValue() != null) {
          line.params.put(o.member(), o.flagValue());
        } else if (o.shape().kind() == MemberShape.Kind.LIST) {
          List<String> values = new ArrayList<>();
          if (inline != null) {
            values.add(inline);
          }
          while (i + 1 < args.size() && !looksLikeOption(args.get(i + 1))) {
            values.add(args.get(++i));
          }
          if (values.isEmpty()) {
            throw CliFailure.usage("argument " + opt + ": expected at least one argument");
          }
          line.params.put(o.member(), values);
        } else {
          line.params.put(o.member(), List.of(inline != null ? inline : next(args, i++, opt)));
        }
        continue;
      }
      switch (opt) {
        case "--cli-input-json" ->
            line.cliInputJson = inline != null ? inline : next(args, i++, opt);
        case "--cli-input-yaml" ->
            line.cliInputYaml = inline != null ? inline : next(args, i++, opt);
        case "--generate-cli-skeleton" -> {
          if (inline != null) {
            line.skeleton = inline;
          } else if (i + 1 < args.size() && !looksLikeOption(args.get(i + 1))) {
            line.skeleton = args.get(++i);
          } else {
            line.skeleton = "input";
          }
          if (!SKELETON_CHOICES.contains(line.skeleton)) {
            throw CliFailure.usage(invalidChoice(opt, line.skeleton, SKELETON_CHOICES));
          }
        }
        default -> {
          if (line.command.paginated()
              && List.of("--starting-token", "--page-size", "--max-items").contains(opt)) {
            String v = inline != null ? inline : next(args, i++, opt);
            switch (opt) {
              case "--starting-token" -> line.startingToken = v;
              case "--page-size" -> line.pageSize = v;
              default -> line.maxItems = v;
            }
          } else {
            i = global(args, i, line, unknown);
          }
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw CliFailure.usage("Unknown options: " + String.join(", ", unknown));
    }
    return line;
  }

  /** Parses one global option at {@code i}, or records it as unknown; returns the last index. */
  private static int global(List<String> args, int i, ParsedLine line, List<String> unknown) {
    String a = args.get(i);
    String opt = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
    String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
    if (GlobalOptions.FLAGS.contains(opt) && inline == null) {
      line.globals.flag(opt);
      return i;
    }
    List<String> choices = GlobalOptions.VALUED.get(opt);
    if (choices == null) {
      unknown.add(a);
      return i;
    }
    String v = inline != null ? inline : next(args, i++, opt);
    if (!choices.isEmpty() && !choices.contains(v)) {
      throw CliFailure.usage(invalidChoice(opt, v, choices));
    }
    line.globals.set(opt, v);
    return i;
  }

  /**
   * argparse's abbreviations: a unique prefix of a long option stands for it ("--key" for
   * "--key-id" when nothing else starts so); several candidates are an error, as in argparse.
   */
  static String expandAbbreviation(
      String opt, java.util.Set<String> operationOptions, boolean paginated) {
    if (!opt.startsWith("--")
        || operationOptions.contains(opt)
        || GlobalOptions.VALUED.containsKey(opt)
        || GlobalOptions.FLAGS.contains(opt)
        || COMMAND_OPTIONS.contains(opt)
        || PAGING_OPTIONS.contains(opt)) {
      return opt;
    }
    // Argparse lists candidates in the order the options were defined: the operation's members
    // in model order, then the command's own options; globals belong to the main parser.
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(operationOptions);
    all.addAll(COMMAND_OPTIONS);
    if (paginated) {
      all.addAll(PAGING_OPTIONS);
    }
    all.addAll(new java.util.TreeSet<>(GlobalOptions.VALUED.keySet()));
    all.addAll(GlobalOptions.FLAGS);
    List<String> matches = all.stream().filter(o -> o.startsWith(opt)).toList();
    if (matches.size() > 1) {
      throw CliFailure.usage(
          "ambiguous option: " + opt + " could match " + String.join(", ", matches));
    }
    return matches.isEmpty() ? opt : matches.get(0);
  }

  private static final List<String> COMMAND_OPTIONS =
      List.of("--cli-input-json", "--cli-input-yaml", "--generate-cli-skeleton");
  private static final List<String> PAGING_OPTIONS =
      List.of("--starting-token", "--page-size", "--max-items");

  /** The index of the command: the first argument that is no option and no option's value. */
  private static int findCommand(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--")) {
        if (!a.contains("=")
            && GlobalOptions.VALUED.containsKey(expandAbbreviation(a, java.util.Set.of(), false))) {
          i++;
        }
        continue;
      }
      return i;
    }
    return -1;
  }

  private static Map<String, Opt> operationOptions(CommandSpec c) {
    Map<String, Opt> m = new LinkedHashMap<>();
    for (MemberShape s : CommandSpec.CATALOG.inputShape(c.operation())) {
      String kebab = "--" + KebabNames.of(s.name());
      if (s.kind() == MemberShape.Kind.BOOLEAN) {
        m.put(kebab, new Opt(s.name(), s, Boolean.TRUE));
        m.put("--no-" + kebab.substring(2), new Opt(s.name(), s, Boolean.FALSE));
      } else {
        m.put(kebab, new Opt(s.name(), s, null));
      }
    }
    return m;
  }

  private static String next(List<String> args, int i, String opt) {
    if (i + 1 >= args.size() || looksLikeOption(args.get(i + 1))) {
      throw CliFailure.usage("argument " + opt + ": expected one argument");
    }
    return args.get(i + 1);
  }

  /** argparse: "-x" or "--x" is an option, "-1" (a negative number) is not. */
  static boolean looksLikeOption(String a) {
    return a.startsWith("-") && a.length() > 1 && !a.matches("-\\d+(\\.\\d+)?");
  }

  /** The AWS CLI's invalid-choice message: choices two per line, padded to 40. */
  static String invalidChoice(String argument, String value, List<String> choices) {
    StringBuilder b =
        new StringBuilder("argument ")
            .append(argument)
            .append(": Invalid choice, valid choices are:\n\n");
    for (int i = 0; i < choices.size(); i += 2) {
      List<String> row = new ArrayList<>();
      for (String c : choices.subList(i, Math.min(i + 2, choices.size()))) {
        row.add(String.format("%-40s", c));
      }
      b.append(String.join(" | ", row));
      if (i + 2 < choices.size()) {
        b.append('\n');
      }
    }
    List<String> close = CloseMatches.of(value, choices);
    if (!close.isEmpty()) {
      b.append("\n\n\nInvalid choice: '").append(value).append("', maybe you meant:\n");
      for (String c : close) {
        b.append("\n  * ").append(c);
      }
    }
    return b.toString();
  }
}
