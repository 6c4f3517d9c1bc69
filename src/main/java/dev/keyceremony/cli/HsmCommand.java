package dev.keyceremony.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ceremony hsm ...}: look at the token, list keys, create the transcript signer. */
@Command(
    name = "hsm",
    mixinStandardHelpOptions = true,
    description = "Inspect the PKCS#11 token and manage the transcript signer key.",
    subcommands = {
      HsmInfoCommand.class,
      HsmListKeysCommand.class,
      HsmCreateSignerCommand.class,
      HsmWrapCommand.class
    })
public final class HsmCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
