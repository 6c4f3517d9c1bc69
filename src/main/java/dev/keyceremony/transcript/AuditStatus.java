package dev.keyceremony.transcript;

/**
 * The one thing a script checks after {@code transcript verify}: the three verdicts (integrity,
 * signer trust, outcome) folded into the category that decides the exit code. The first that
 * applies wins, in this order: a damaged bundle, an unsigned one, an unpinned signer (nothing else
 * can be trusted then), an incomplete ceremony or signature, a ceremony that did not succeed.
 */
public enum AuditStatus {
  /** Intact, fully signed by a pinned signer, and the ceremony succeeded. The only pass. */
  PASS,
  /** Tampered, truncated, not a transcript, or signed by a key that none of the pins name. */
  TAMPERED,
  /** Chain intact, but no signer was available (line 1 says why); nothing vouches for it. */
  UNSIGNED,
  /** Chain and signature valid, but no pin was given: compare the fingerprint with your records. */
  SIGNER_NOT_PINNED,
  /**
   * Intact and pinned, but not finished: interrupted, waiting for a phase, or only a prefix signed.
   */
  INCOMPLETE,
  /** Intact and pinned, and the ceremony failed or was abandoned. */
  CEREMONY_FAILED;

  static AuditStatus of(Verdict integrity, SignerTrust trust, CeremonyOutcome outcome) {
    if (integrity == Verdict.INVALID) {
      return TAMPERED;
    }
    if (integrity == Verdict.UNSIGNED) {
      return UNSIGNED;
    }
    if (trust.status() != SignerTrust.Status.PINNED) {
      return SIGNER_NOT_PINNED;
    }
    if (integrity == Verdict.UNSIGNED_TAIL
        || !outcome.ended()
        || outcome.kind() == CeremonyOutcome.Kind.UNKNOWN) {
      return INCOMPLETE;
    }
    return outcome.kind() == CeremonyOutcome.Kind.SUCCEEDED ? PASS : CEREMONY_FAILED;
  }
}
