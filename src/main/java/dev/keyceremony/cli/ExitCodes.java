package dev.keyceremony.cli;

/** Stable exit codes of plan, run and demo. */
final class ExitCodes {
  /** The ceremony completed and its transcript verifies. */
  static final int OK = 0;
  /** The ceremony ran and failed; the failure is recorded in the signed transcript. */
  static final int CEREMONY_FAILED = 1;
  /** The script, acknowledgements or options are invalid; nothing was touched. */
  static final int INVALID_INPUT = 2;
  /** Setup failed before a transcript could exist (module, token, PIN, signer); nothing changed. */
  static final int SETUP_FAILED = 3;
  /** The transcript did not verify after the ceremony. */
  static final int TRANSCRIPT_INVALID = 4;

  private ExitCodes() {}
}
