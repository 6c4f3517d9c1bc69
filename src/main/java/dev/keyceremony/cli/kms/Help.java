package dev.keyceremony.cli.kms;

import dev.keyceremony.kms.MemberShape;
import dev.keyceremony.kms.sdk.KmsOperations;

/** A short synopsis for {@code ceremony kms help} and {@code ceremony kms <command> help}. */
final class Help {
  private Help() {}

  static String text(CommandSpec cmd) {
    StringBuilder b = new StringBuilder();
    if (cmd == null) {
      b.append("ceremony kms <command> [parameters]: AWS CLI v2 'aws kms' commands\n\n");
      for (CommandSpec c : CommandSpec.ALL) {
        b.append("  ").append(c.name()).append('\n');
      }
      return b.toString();
    }
    b.append(cmd.name()).append('\n');
    for (MemberShape m : KmsOperations.inputShape(cmd.operation())) {
      String opt = "--" + KebabNames.of(m.name());
      boolean req = cmd.required().contains(m.name());
      String syn = m.kind() == MemberShape.Kind.BOOLEAN ? opt + " | --no-" + opt.substring(2)
          : opt + " <value>";
      b.append(req ? syn : "[" + syn + "]").append('\n');
    }
    if (cmd.paginated()) {
      b.append("[--starting-token <value>]\n[--page-size <value>]\n[--max-items <value>]\n");
    }
    b.append("[--cli-input-json | --cli-input-yaml]\n[--generate-cli-skeleton <value>]\n");
    return b.toString();
  }
}
