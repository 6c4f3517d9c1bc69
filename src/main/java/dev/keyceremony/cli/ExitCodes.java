package dev.keyceremony.cli;

import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.workflow.ExitStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The exit codes of the whole tool, and the one place that prints a command's error and picks its
 * code. Only {@code ceremony kms} differs: it keeps the AWS CLI's codes (252-255), because scripts
 * written for the AWS CLI test them. The README's table ("Exit codes") lists the same.
 */
public final class ExitCodes {
  /** Done: the ceremony completed and its transcript verifies; the transcript is valid; ... */
  public static final int OK = ExitStatus.OK;
  /**
   * The operation ran and failed: a ceremony failure (recorded in the signed transcript), a
   * blocker found by {@code plan}, or an HSM error in an {@code hsm} command.
   */
  public static final int FAILED = ExitStatus.FAILED;
  /** The script, acknowledgements, options or command line are invalid; nothing was touched. */
  public static final int INVALID_INPUT = ExitStatus.INVALID_INPUT;
  /**
   * Setup failed before a ceremony could start (module, token, PIN, signer key); nothing changed.
   * {@code run} records it in an unsigned transcript.
   */
  public static final int SETUP_FAILED = ExitStatus.SETUP_FAILED;
  /** A transcript is invalid: tampered, truncated, or not a transcript. */
  public static final int TRANSCRIPT_INVALID = ExitStatus.TRANSCRIPT_INVALID;
  /** A transcript's chain is intact, but only a prefix of it is signed. */
  public static final int TRANSCRIPT_PREFIX_SIGNED = 5;
  /** A transcript's chain is intact, but it is unsigned: no signer was available. */
  public static final int TRANSCRIPT_UNSIGNED = 6;
  /** Ctrl-C or SIGTERM: the ceremony stopped at a safe point and recorded what exists now. */
  public static final int INTERRUPTED = ExitStatus.INTERRUPTED;

  private ExitCodes() {}

  /** The exit code of a transcript verdict. */
  static int of(Verdict v) {
    return switch (v) {
      case VALID -> OK;
      case UNSIGNED_TAIL -> TRANSCRIPT_PREFIX_SIGNED;
      case UNSIGNED -> TRANSCRIPT_UNSIGNED;
      case INVALID -> TRANSCRIPT_INVALID;
    };
  }

  /**
   * Runs a command body and maps failures to exit codes: HSM errors {@link #FAILED}, bad option
   * values {@link #INVALID_INPUT}, anything else {@link #FAILED}. Messages go to stderr; stack
   * traces only with {@code --debug}.
   */
  public static int run(CommandLine.Model.CommandSpec spec, boolean debug, Callable<Integer> body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.call();
    } catch (HsmException e) {
      err.println("error: " + e.getMessage() + " [" + e.reason() + "]");
      trace(err, debug, e);
      return FAILED;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      trace(err, debug, e);
      return INVALID_INPUT;
    } catch (Exception e) {
      err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + (debug ? "" : " (run with --debug for details)"));
      trace(err, debug, e);
      return FAILED;
    } finally {
      err.flush();
    }
  }

  /** Prints an unexpected error of plan/run/demo as one line; {@link #SETUP_FAILED}. */
  static int unexpected(PrintWriter err, String command, RuntimeException e, boolean debug) {
    err.println(command + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (debug) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --debug for details)");
    }
    err.flush();
    return SETUP_FAILED;
  }

  private static void trace(PrintWriter err, boolean debug, Exception e) {
    if (debug) {
      e.printStackTrace(err);
    }
  }
}
