package dev.keyceremony.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ceremony transcript verify|show DIR}. Exit codes: 0 valid and fully signed; 1 invalid
 * (tampered, truncated, wrong signer, unreadable); 2 bad command line; 3 the chain is intact but
 * lines follow the last signed checkpoint (an interrupted ceremony, or appended lines): never a pass.
 */
@Command(
    name = "transcript",
    description = "Verify or show a ceremony transcript bundle (transcript.jsonl, transcript.sig, signer.pem),"
        + " offline.",
    mixinStandardHelpOptions = true,
    subcommands = {TranscriptVerifyCommand.class, TranscriptShowCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:valid: every line canonical and chained, the whole file signed",
      "1:invalid: the report names the first bad line (or file)",
      "2:bad command line",
      "3:signed prefix only: lines after the last checkpoint are unsigned (interrupted ceremony?)",
      "6:not signed: no signer was available (a failure before the HSM signer was usable); chain intact"
    })
public final class TranscriptCommand implements Runnable {
  static final int EXIT_VALID = 0;
  static final int EXIT_INVALID = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_UNSIGNED_TAIL = 3;
  static final int EXIT_UNSIGNED = 6;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
