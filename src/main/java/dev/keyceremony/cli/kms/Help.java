package dev.keyceremony.cli.kms;

import dev.keyceremony.kms.MemberShape;
import java.util.Locale;

/**
 * {@code ceremony kms help} and {@code ceremony kms <command> help}: the sections of the AWS CLI
 * v2's help pages (NAME, SYNOPSIS, OPTIONS, GLOBAL OPTIONS; AVAILABLE COMMANDS for the service),
 * from the SDK's model; the AWS CLI's prose is not in the model, so there is none. Exit 0, as
 * there.
 */
final class Help {
  /** The global options a command's SYNOPSIS lists, in the AWS CLI's order (the supported ones). */
  static final String[] GLOBALS = {
    "--debug",
    "--endpoint-url <value>",
    "--no-verify-ssl",
    "--no-paginate",
    "--output <value>",
    "--query <value>",
    "--profile <value>",
    "--region <value>",
    "--color <value>",
    "--no-sign-request",
    "--ca-bundle <value>",
    "--cli-read-timeout <value>",
    "--cli-connect-timeout <value>",
    "--cli-binary-format <value>",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt"
  };

  private Help() {}

  /**
   * The AWS CLI hides a paginated operation's own paging members (KMS's Limit and Marker) from its
   * help, in favour of --page-size and --starting-token; it still accepts them.
   */
  static boolean hidden(CommandSpec cmd, MemberShape m) {
    return cmd.paginated() && (m.name().equals("Limit") || m.name().equals("Marker"));
  }

  static String text(CommandSpec cmd) {
    StringBuilder b = new StringBuilder();
    if (cmd == null) {
      b.append("NAME\n       kms -\n\n");
      b.append(
          "DESCRIPTION\n       AWS CLI v2 'aws kms' commands, run by ceremony kms with the"
              + " AWS CLI's options,\n       output and exit codes. Use 'ceremony kms <command> help'"
              + " for a command.\n\n");
      b.append("AVAILABLE COMMANDS\n");
      for (CommandSpec c : CommandSpec.ALL) {
        b.append("       o ").append(c.name()).append("\n\n");
      }
      return b.toString();
    }
    b.append("NAME\n       ").append(cmd.name()).append(" -\n\n");
    b.append("SYNOPSIS\n            ").append(cmd.name()).append('\n');
    for (MemberShape m : CommandSpec.CATALOG.inputShape(cmd.operation())) {
      if (hidden(cmd, m)) {
        continue;
      }
      String opt = "--" + KebabNames.of(m.name());
      boolean req = cmd.required().contains(m.name());
      String syn =
          m.kind() == MemberShape.Kind.BOOLEAN
              ? opt + " | --no-" + opt.substring(2)
              : opt + " <value>";
      b.append("          ").append(req ? syn : "[" + syn + "]").append('\n');
    }
    b.append("          [--cli-input-json | --cli-input-yaml]\n");
    if (cmd.paginated()) {
      b.append(
          "          [--starting-token <value>]\n          [--page-size <value>]\n"
              + "          [--max-items <value>]\n");
    }
    b.append("          [--generate-cli-skeleton <value>]\n");
    for (String g : GLOBALS) {
      b.append("          [").append(g).append("]\n");
    }
    b.append("\nOPTIONS\n");
    for (MemberShape m : CommandSpec.CATALOG.inputShape(cmd.operation())) {
      if (hidden(cmd, m)) {
        continue;
      }
      b.append("       --")
          .append(KebabNames.of(m.name()))
          .append(" (")
          .append(m.kind().name().toLowerCase(Locale.ROOT))
          .append(")")
          .append(cmd.required().contains(m.name()) ? " required" : "")
          .append("\n\n");
    }
    b.append(
        "       --cli-input-json | --cli-input-yaml (string)\n\n"
            + "       --generate-cli-skeleton (string)\n\n");
    b.append("GLOBAL OPTIONS\n       see 'ceremony kms help'; the AWS CLI's meaning\n");
    return b.toString();
  }
}
