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
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // One line per command group; each part's commands are added here and nowhere else.
    cl.addSubcommand("local-kms", new LocalKmsCommand());
    cl.addSubcommand("transcript", new TranscriptCommand());
    cl.addSubcommand("kms", new dev.keyceremony.cli.kms.KmsCommand());
    cl.addSubcommand("plan", new PlanCommand());
    cl.addSubcommand("run", new RunCommand());
    cl.addSubcommand("resume", new ResumeCommand());
    cl.addSubcommand("abandon", new AbandonCommand());
    cl.addSubcommand("reimport", new ReimportCommand());
    cl.addSubcommand("status", new StatusCommand());
    cl.addSubcommand("demo", new DemoCommand());
    cl.addSubcommand("hsm", new HsmCommand());
    // No picocli @file expansion: `ceremony kms` must read arguments exactly as the AWS CLI does
    // (an argument starting with '@' is a value, not a file to splice in). Set after the
    // subcommands are added: picocli applies it only to the commands present at the call.
    cl.setExpandAtFiles(false);
    return cl;
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
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
            + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
      };
    }
  }
}
