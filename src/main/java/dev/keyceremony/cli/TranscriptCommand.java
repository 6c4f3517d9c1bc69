package dev.keyceremony.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ceremony transcript verify|show|report DIR}. Exit codes: {@link
 * ExitCodes#TRANSCRIPT_TABLE} (one table, shown in the help of each). Only 0 is a pass.
 */
@Command(
    name = "transcript",
    description =
        "Verify, show or report a ceremony transcript bundle (transcript.jsonl, transcript.sig,"
            + " signer.pem, script.yaml), offline. Two verdicts, always both: integrity (chain, signature, a"
            + " signer pinned with --signer-fingerprint or --trust) and outcome (succeeded, failed at a step,"
            + " interrupted, abandoned, waiting for a phase).",
    mixinStandardHelpOptions = true,
    subcommands = {
      TranscriptVerifyCommand.class,
      TranscriptShowCommand.class,
      TranscriptReportCommand.class,
      TranscriptAllowedSignersCommand.class
    })
public final class TranscriptCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
