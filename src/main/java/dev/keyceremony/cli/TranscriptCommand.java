package dev.keyceremony.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ceremony transcript verify|show DIR}. Exit codes ({@link ExitCodes}): 0 valid and fully
 * signed; 2 bad command line; 4 invalid (tampered, truncated, wrong signer, unreadable); 5 the
 * chain is intact but lines follow the last signed checkpoint (an interrupted ceremony, or
 * appended lines); 6 unsigned (no signer was available). Only 0 is a pass.
 */
@Command(
    name = "transcript",
    description = "Verify or show a ceremony transcript bundle (transcript.jsonl, transcript.sig, signer.pem),"
        + " offline.",
    mixinStandardHelpOptions = true,
    subcommands = {TranscriptVerifyCommand.class, TranscriptShowCommand.class,
        TranscriptAllowedSignersCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:valid: every line canonical and chained, the whole file signed",
      "2:bad command line",
      "4:invalid: the report names the first bad line (or file)",
      "5:signed prefix only: lines after the last checkpoint are unsigned (interrupted ceremony?)",
      "6:not signed: line 1 says no signer was available (e.g. a wrong PIN); chain intact"
    })
public final class TranscriptCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
