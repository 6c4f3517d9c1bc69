package dev.keyceremony.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ceremony pin ...}: split knowledge of the HSM user PIN. */
@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description = "Split knowledge of the HSM user PIN (Shamir shares for custodians).",
    subcommands = {PinSplitCommand.class})
public final class PinCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
