package dev.keyceremony.cli;

import picocli.CommandLine.Option;

/**
 * {@code --debug}, the same on every command: stack traces with error messages. A picocli mixin.
 */
public final class DebugOption {
  @Option(names = "--debug", description = "print stack traces with error messages")
  boolean on;
}
