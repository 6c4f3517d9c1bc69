package dev.keyceremony.cli;

import dev.keyceremony.transcript.AuditStatus;
import dev.keyceremony.workflow.ExitStatus;
import java.util.LinkedHashMap;
import java.util.Map;
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
   * The operation ran and failed: a ceremony failure (recorded in the signed transcript), a blocker
   * found by {@code plan}, or an HSM error in an {@code hsm} command.
   */
  public static final int FAILED = ExitStatus.FAILED;

  /** The script, acknowledgements, options or command line are invalid; nothing was touched. */
  public static final int INVALID_INPUT = ExitStatus.INVALID_INPUT;

  /**
   * Setup failed before a ceremony could start (module, token, PIN, signer key); nothing changed.
   * {@code run} records it in an unsigned transcript.
   */
  public static final int SETUP_FAILED = ExitStatus.SETUP_FAILED;

  /**
   * A transcript is invalid: tampered, truncated, not a transcript, or signed by a key that no pin
   * names.
   */
  public static final int TRANSCRIPT_INVALID = ExitStatus.TRANSCRIPT_INVALID;

  /**
   * A transcript is intact and its signer pinned, but the ceremony is incomplete: interrupted,
   * waiting for a phase of an air-gapped ceremony, or only a prefix of the file is signed.
   */
  public static final int TRANSCRIPT_INCOMPLETE = 5;

  /**
   * The older name of {@link #TRANSCRIPT_INCOMPLETE} (a signed prefix is one way to be incomplete).
   */
  public static final int TRANSCRIPT_PREFIX_SIGNED = TRANSCRIPT_INCOMPLETE;

  /** A transcript's chain is intact, but it is unsigned: no signer was available. */
  public static final int TRANSCRIPT_UNSIGNED = 6;

  /** Ctrl-C or SIGTERM: the ceremony stopped at a safe point and recorded what exists now. */
  public static final int INTERRUPTED = ExitStatus.INTERRUPTED;

  /**
   * A transcript is intact and its signer pinned, and it records a failed or abandoned ceremony.
   */
  public static final int TRANSCRIPT_CEREMONY_FAILED = 7;

  /** A transcript's chain and signature are valid, but no pin says whose key signed it. */
  public static final int TRANSCRIPT_SIGNER_NOT_PINNED = 8;

  /**
   * The exit codes of {@code transcript verify|show|report}, in the order the verdicts are checked
   * (the first that applies wins). The help of those commands and the README's table show this.
   */
  static final Map<String, String> TRANSCRIPT_TABLE = transcriptTable();

  private ExitCodes() {}

  /** The exit code of the three verdicts of a verified transcript. */
  static int of(AuditStatus s) {
    return switch (s) {
      case PASS -> OK;
      case TAMPERED -> TRANSCRIPT_INVALID;
      case UNSIGNED -> TRANSCRIPT_UNSIGNED;
      case SIGNER_NOT_PINNED -> TRANSCRIPT_SIGNER_NOT_PINNED;
      case INCOMPLETE -> TRANSCRIPT_INCOMPLETE;
      case CEREMONY_FAILED -> TRANSCRIPT_CEREMONY_FAILED;
    };
  }

  private static Map<String, String> transcriptTable() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        " " + OK,
        "intact, fully signed by a pinned signer, and the ceremony succeeded (the only pass)");
    m.put(" " + INVALID_INPUT, "bad command line, or an unreadable --trust file");
    m.put(
        " " + TRANSCRIPT_INVALID,
        "tampered, truncated, not a transcript, or signed by a key no pin names");
    m.put(
        " " + TRANSCRIPT_UNSIGNED,
        "chain intact but unsigned: no signer was available (line 1 says why)");
    m.put(
        " " + TRANSCRIPT_SIGNER_NOT_PINNED,
        "signature valid, but no --signer-fingerprint or --trust"
            + " pins the signer: compare its fingerprint with your records");
    m.put(
        " " + TRANSCRIPT_INCOMPLETE,
        "intact and pinned, ceremony incomplete: interrupted, waiting for a"
            + " phase, or lines after the last signed checkpoint");
    m.put(
        " " + TRANSCRIPT_CEREMONY_FAILED,
        "intact and pinned, and the ceremony failed or was abandoned");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Shows {@link #TRANSCRIPT_TABLE} in the help of {@code transcript} and each of its subcommands.
   */
  static void applyTranscriptTable(CommandLine transcript) {
    java.util.List<CommandLine> all =
        new java.util.ArrayList<>(transcript.getSubcommands().values());
    all.add(transcript);
    for (CommandLine c : all) {
      c.getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes (checked in this order):%n")
          .exitCodeList(TRANSCRIPT_TABLE);
    }
  }
}
