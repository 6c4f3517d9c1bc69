package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.cli.Version;
import dev.keyceremony.kms.AwsCliKms;
import dev.keyceremony.kms.AwsCliSettings;
import dev.keyceremony.kms.KmsConfigException;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.MemberShape;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ceremony kms ...}: the AWS CLI v2 {@code aws kms} surface for the import commands, over
 * the project's KMS adapter. Parsing, decoding, calling, formatting and exit codes follow v2.
 */
public final class AwsKmsCli {
  static final String PROG = "ceremony";
  static final String USAGE_BANNER =
      "usage: "
          + PROG
          + " [options] <command> <subcommand>"
          + " [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  "
          + PROG
          + " help\n  "
          + PROG
          + " <command> help\n  "
          + PROG
          + " <command> <subcommand> help\n";

  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private final Terminal terminal;

  public AwsKmsCli(PrintWriter out, PrintWriter err, Map<String, String> env, Terminal terminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.terminal = terminal;
  }

  /**
   * What AWS CLI v2 prints for {@code -h} or {@code --help} anywhere on the line: the usage of its
   * first-pass argument parser (Python argparse, which also takes the prefixes {@code --h} to
   * {@code --hel}), on stdout, exit 0. Its real help is {@code help} as a word: {@code aws kms
   * help}, {@code aws kms describe-key help}.
   */
  static final String FIRST_PASS_HELP =
      "usage: "
          + PROG
          + " [-h] [--profile PROFILE] [--debug]\n"
          + "\noptions:\n  -h, --help         show this help message and exit\n"
          + "  --profile PROFILE\n  --debug\n";

  /** Whether argparse's first pass would see {@code -h}/{@code --help} (before a "--"). */
  static boolean asksFirstPassHelp(List<String> args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("-h") || (a.length() >= 3 && "--help".startsWith(a))) {
        return true;
      }
    }
    return false;
  }

  /** Runs one command line (the arguments after "kms"); returns the AWS CLI v2 exit code. */
  public int run(List<String> args) {
    boolean debug = args.contains("--debug");
    if (asksFirstPassHelp(args)) {
      out.print(FIRST_PASS_HELP);
      out.flush();
      return 0;
    }
    try {
      return execute(args);
    } catch (CliFailure f) {
      if (f.withUsage()) {
        err.print(USAGE_BANNER + "\n" + PROG + ": error: " + f.getMessage() + "\n");
      } else {
        err.print("\n" + f.getMessage() + "\n");
      }
      return f.exitCode();
    } catch (KmsConfigException e) {
      err.print("\n" + e.getMessage() + "\n");
      return CliFailure.CONFIG;
    } catch (KmsException e) {
      if ("ClientError".equals(e.errorCode())) {
        err.print("\n" + e.detail() + "\n");
        return CliFailure.OTHER;
      }
      err.print(
          "\nAn error occurred ("
              + e.errorCode()
              + ") when calling the "
              + e.operation()
              + " operation: "
              + e.detail()
              + "\n");
      return CliFailure.SERVICE;
    } catch (RuntimeException e) {
      if (debug) {
        e.printStackTrace(err);
      }
      err.print("\n" + e.getMessage() + "\n");
      return CliFailure.OTHER;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int execute(List<String> args) {
    ParsedLine line = ArgvParser.parse(args);
    GlobalOptions g = line.globals;
    if (g.version) {
      out.print(
          PROG
              + "/"
              + Version.get()
              + " Java/"
              + System.getProperty("java.version")
              + " "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.version")
              + " exe/"
              + System.getProperty("os.arch")
              + "\n");
      return 0;
    }
    if (line.help) {
      out.print(Help.text(line.command));
      return 0;
    }
    CommandSpec cmd = line.command;
    List<MemberShape> shape = CommandSpec.CATALOG.inputShape(cmd.operation());
    if ("input".equals(line.skeleton)) {
      out.print(JsonOutput.format(Skeletons.input(shape, cmd.enumDefaults())));
      return 0;
    }
    if ("yaml-input".equals(line.skeleton)) {
      out.print(YamlOutput.format(Skeletons.input(shape, cmd.enumDefaults())));
      return 0;
    }
    boolean fromFile = line.cliInputJson != null || line.cliInputYaml != null;
    if (line.cliInputJson != null && line.cliInputYaml != null) {
      throw CliFailure.param("Cannot specify both --cli-input-json and --cli-input-yaml");
    }
    if (!fromFile) {
      promptOrRequire(line, cmd, g);
    }
    AwsCliSettings settings = CommandSpec.PORT.settings(env, g.profile);
    String binaryFormat =
        g.binaryFormat != null
            ? g.binaryFormat
            : settings.profileProperty("cli_binary_format").orElse("base64");
    ObjectNode input =
        new ParamDecoder("raw-in-base64-out".equals(binaryFormat)).decode(line, shape);
    if (fromFile) {
      List<String> missing = new ArrayList<>();
      for (String r : cmd.required()) {
        if (!input.has(r)) {
          missing.add("Missing required parameter in input: \"" + r + "\"");
        }
      }
      if (!missing.isEmpty()) {
        throw CliFailure.param("Parameter validation failed:\n" + String.join("\n", missing));
      }
    }
    if ("output".equals(line.skeleton)) {
      out.print(
          JsonOutput.format(Skeletons.output(CommandSpec.CATALOG.outputShape(cmd.operation()))));
      return 0;
    }
    String output =
        g.output != null
            ? g.output
            : settings
                .env("AWS_DEFAULT_OUTPUT")
                .or(() -> settings.profileProperty("output"))
                .orElse("json");
    if (!List.of("json", "text", "table", "yaml", "yaml-stream").contains(output)) {
      throw CliFailure.usage(
          ArgvParser.invalidChoice(
              "--output", output, List.of("json", "text", "table", "yaml", "yaml-stream")));
    }
    Expression<JsonNode> query = compile(g.query);
    ClientOptions client = ClientOptions.from(g, settings, debug(g)).withEnvironment(env);
    try (AwsCliKms.Client kms = CommandSpec.PORT.open(client.request())) {
      Invocation inv = new Invocation(kms, cmd, line, input, debug(g));
      Invocation.Outcome outcome = inv.call();
      Printer printer =
          new Printer(
              output, query, g.color == null ? "auto" : g.color, terminal, ZoneId.systemDefault());
      String text = printer.print(cmd, outcome);
      Pager.show(text, out, g.noCliPager, settings, terminal);
      return 0;
    }
  }

  private java.util.function.Consumer<String> debug(GlobalOptions g) {
    if (!g.debug) {
      return null;
    }
    return msg -> {
      err.print(java.time.Instant.now() + " - MainThread - ceremony.kms - DEBUG - " + msg + "\n");
      err.flush();
    };
  }

  private void promptOrRequire(ParsedLine line, CommandSpec cmd, GlobalOptions g) {
    List<String> missing = new ArrayList<>();
    for (String r : cmd.required()) {
      if (!line.params.containsKey(r)) {
        missing.add(r);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    boolean prompt =
        !g.noCliAutoPrompt
            && terminal.interactive()
            && (g.cliAutoPrompt || env.getOrDefault("AWS_CLI_AUTO_PROMPT", "").startsWith("on"));
    if (prompt) {
      for (String r : missing) {
        String v = terminal.readLine("--" + KebabNames.of(r) + ": ");
        if (v == null || v.isEmpty()) {
          break;
        }
        line.params.put(r, List.of(v));
      }
      missing.removeIf(line.params::containsKey);
      if (missing.isEmpty()) {
        return;
      }
    }
    List<String> names = new ArrayList<>();
    missing.forEach(m -> names.add("--" + KebabNames.of(m)));
    throw CliFailure.usage("the following arguments are required: " + String.join(", ", names));
  }

  private static Expression<JsonNode> compile(String query) {
    if (query == null) {
      return null;
    }
    try {
      return new JacksonRuntime().compile(query);
    } catch (JmesPathException e) {
      throw CliFailure.usage(
          "argument --query: Bad value for --query " + query + ": " + e.getMessage());
    }
  }
}
