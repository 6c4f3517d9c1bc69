package dev.keyceremony.cli;

import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.CeremonyInterrupted;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.kms.KmsConfigException;
import dev.keyceremony.workflow.CeremonyLeftIncomplete;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place where an exception a command did not turn into a result becomes an exit code and a
 * message (docs/decisions/0019-issue15-exit-codes.md). Commands return the code of a result they
 * understood (a verdict, a recorded ceremony failure) and throw everything else; this handler maps
 * it. {@code ceremony kms} keeps the AWS CLI's codes: anything it did not map itself exits 255.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
  /** The AWS CLI's code for an error it did not classify ({@code ceremony kms} only). */
  static final int AWS_CLI_GENERAL = 255;

  /**
   * The exit code for an exception that escaped a command (not {@code ceremony kms}); the
   * documented table, checked in this order.
   */
  static int exitCode(Throwable e) {
    if (e instanceof CeremonyLeftIncomplete) {
      return ExitCodes.TRANSCRIPT_INCOMPLETE; // started, may have changed KMS: resume or abandon
    }
    if (e instanceof CeremonyInterrupted) {
      return ExitCodes.INTERRUPTED;
    }
    if (e instanceof CommandLine.ParameterException
        || e instanceof ScriptException
        || e instanceof IllegalArgumentException) {
      return ExitCodes.INVALID_INPUT; // nothing was touched
    }
    if (e instanceof KmsConfigException) {
      return ExitCodes.SETUP_FAILED; // no KMS call could be made
    }
    if (e instanceof HsmException || e instanceof CeremonyFailure) {
      return ExitCodes.FAILED;
    }
    return ExitCodes.FAILED; // unexpected: failed, never "setup failed" (we cannot know)
  }

  /** The message for {@code e} from {@code command}, without a stack trace. */
  static String message(Throwable e, String command) {
    if (e instanceof ScriptException
        || e instanceof CeremonyFailure
        || e instanceof CommandLine.ParameterException) {
      return e.getMessage(); // already names the field or cause and the fix
    }
    if (e instanceof CeremonyLeftIncomplete) {
      return command + ": " + e.getMessage();
    }
    if (e instanceof HsmException h) {
      return "error: " + h.getMessage() + " [" + h.reason() + "]";
    }
    if (e instanceof IllegalArgumentException
        || e instanceof KmsConfigException
        || e instanceof CeremonyInterrupted) {
      return "error: " + e.getMessage();
    }
    return command + ": unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean debug = debug(parsed);
    if (inKmsGroup(cl)) {
      // The AWS CLI prints an unclassified error after an empty line and exits 255.
      err.println();
      err.println(e.getMessage());
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return AWS_CLI_GENERAL;
    }
    err.println(message(e, cl.getCommandName()));
    if (debug) {
      e.printStackTrace(err);
    } else if (!(e instanceof ScriptException
        || e instanceof CeremonyLeftIncomplete
        || e instanceof IllegalArgumentException)) {
      err.println("(run again with --debug for details)");
    }
    err.flush();
    return exitCode(e);
  }

  private static boolean debug(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  static boolean inKmsGroup(CommandLine cl) {
    for (CommandLine c = cl; c != null; c = c.getParent()) {
      if (c.getParent() != null
          && c.getParent().getParent() == null
          && "kms".equals(c.getCommandName())) {
        return true;
      }
    }
    return false;
  }
}
