package dev.keyceremony.cli;

import java.io.PrintWriter;

/** Prints an unexpected error as one line (with a stack trace only under --debug). */
final class Errors {
  private Errors() {}

  static int unexpected(PrintWriter err, String command, RuntimeException e, boolean debug) {
    err.println(command + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (debug) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --debug for details)");
    }
    err.flush();
    return ExitCodes.SETUP_FAILED;
  }
}
