package dev.keyceremony.workflow;

/**
 * The exit statuses of the ceremony commands, defined once; {@code cli}'s ExitCodes refers to
 * these. {@code ceremony kms} keeps the AWS CLI's own codes.
 */
public final class ExitStatus {
  /** Done: the ceremony completed and its transcript verifies. */
  public static final int OK = 0;

  /** The ceremony (or resume, or abandon) ran and failed or refused; recorded where it could be. */
  public static final int FAILED = 1;

  /** The script, options or bundle path are invalid; nothing was touched. */
  public static final int INVALID_INPUT = 2;

  /**
   * Setup failed before a ceremony could start (module, token, PIN, signer key); nothing changed.
   */
  public static final int SETUP_FAILED = 3;

  /** A transcript is invalid: tampered, truncated, or not a transcript. Nothing was touched. */
  public static final int TRANSCRIPT_INVALID = 4;

  /** Ctrl-C or SIGTERM: the ceremony stopped at a safe point and recorded what exists now. */
  public static final int INTERRUPTED = StopSignal.EXIT;

  private ExitStatus() {}
}
