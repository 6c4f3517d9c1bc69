package dev.keyceremony.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --non-interactive} and {@code --acknowledgements FILE}, the same on every command that
 * asks custodians and witnesses (run, resume, reimport, prepare, wrap). A picocli mixin.
 */
final class AcknowledgementOptions {
  @Option(
      names = "--non-interactive",
      description =
          "take the custodians' approvals and the witnesses' confirmations this command"
              + " asks for from the script's acknowledgements or --acknowledgements FILE instead of"
              + " prompting")
  boolean nonInteractive;

  @Option(
      names = "--acknowledgements",
      paramLabel = "FILE",
      description =
          "YAML with approvals: [custodians] and confirmations: [witnesses]; replaces"
              + " the script's acknowledgements")
  Path acknowledgements;
}
