package dev.keyceremony.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./ceremony}. Subcommands are registered here. */
@Command(
    name = "ceremony",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "HSM-backed key ceremonies for AWS KMS imported key material.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the tool with the given streams; the entry point for tests. Returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** Every command group, in the order help lists them. */
  static final java.util.List<String> GROUPS =
      java.util.List.of(
          "local-kms",
          "transcript",
          "kms",
          "plan",
          "run",
          "resume",
          "abandon",
          "prepare",
          "wrap",
          "import",
          "seal",
          "reimport",
          "status",
          "demo",
          "hsm",
          "pin");

  static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command line; when {@code first} names a command group, only that group is built (picocli
   * builds each command's model by reflection, a tenth of a second or more for all of them; a run
   * needs one). Anything else, including help and typos, gets every group.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    boolean one = first != null && GROUPS.contains(first);
    for (String group : one ? java.util.List.of(first) : GROUPS) {
      cl.addSubcommand(group, group(group));
    }
    if (!one) {
      // picocli's own: prints the bash/zsh completion script of the whole command tree.
      CommandLine gen = new CommandLine(new picocli.AutoComplete.GenerateCompletion());
      gen.getCommandSpec()
          .usageMessage()
          .hidden(false)
          .description(
              "Prints the bash completion script (also for zsh, with bashcompinit):"
                  + " source <(./ceremony generate-completion)");
      cl.addSubcommand("generate-completion", gen);
    }
    // No picocli @file expansion: `ceremony kms` must read arguments exactly as the AWS CLI does
    // (an argument starting with '@' is a value, not a file to splice in). Set after the
    // subcommands are added: picocli applies it only to the commands present at the call.
    cl.setExpandAtFiles(false);
    handlers(cl);
    CommandLine transcript = cl.getSubcommands().get("transcript");
    if (transcript != null) { // built only when asked for (see above)
      ExitCodes.applyTranscriptTable(transcript);
    }
    return cl;
  }

  /** One place maps failures to exit codes (docs/decisions/0019-issue15-exit-codes.md). */
  static CommandLine handlers(CommandLine cl) {
    cl.setExecutionExceptionHandler(new Failures());
    cl.setParameterExceptionHandler(new InputErrors());
    return cl;
  }

  // One line per command group; each part's commands are added here and nowhere else.
  private static Object group(String name) {
    return switch (name) {
      case "local-kms" -> new LocalKmsCommand();
      case "transcript" -> new TranscriptCommand();
      case "kms" -> new dev.keyceremony.cli.kms.KmsCommand();
      case "plan" -> new PlanCommand();
      case "run" -> new RunCommand();
      case "resume" -> new ResumeCommand();
      case "abandon" -> new AbandonCommand();
      case "prepare" -> new PrepareCommand();
      case "wrap" -> new WrapCommand();
      case "import" -> new ImportCommand();
      case "seal" -> new SealCommand();
      case "reimport" -> new ReimportCommand();
      case "status" -> new StatusCommand();
      case "demo" -> new DemoCommand();
      case "hsm" -> new HsmCommand();
      case "pin" -> new PinCommand();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints the version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "ceremony " + Version.get(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + "), "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
      };
    }
  }
}
