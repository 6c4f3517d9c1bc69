package dev.keyceremony.transcript;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TranscriptVerifier} found.
 *
 * @param verdict the outcome
 * @param lineCount lines in transcript.jsonl (a final line without newline counts)
 * @param signedLineCount lines covered by transcript.sig (0 when it verifies over no line prefix)
 * @param ceremonyId from line 1, empty when unreadable
 * @param signerFingerprint lowercase hex SHA-256 of signer.pem's SPKI, empty when unreadable
 * @param problems why the verdict is INVALID, first bad line first; empty otherwise
 * @param warnings facts an auditor should see that do not fail verification by themselves
 * @param entries every line that could be read as an entry, in file order (for renderers)
 * @param trust whether signer.pem's key is one the auditor pinned
 * @param outcome how the ceremony ended, read from the signed entries only
 */
public record VerificationReport(
    Verdict verdict,
    int lineCount,
    int signedLineCount,
    String ceremonyId,
    String signerFingerprint,
    List<Finding> problems,
    List<Finding> warnings,
    List<TranscriptEntry> entries,
    SignerTrust trust,
    CeremonyOutcome outcome) {
  public VerificationReport {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(ceremonyId, "ceremonyId");
    Objects.requireNonNull(signerFingerprint, "signerFingerprint");
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    entries = List.copyOf(entries);
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(outcome, "outcome");
    if ((verdict == Verdict.INVALID) == problems.isEmpty()) {
      throw new IllegalArgumentException("an INVALID verdict needs problems, and only it has them");
    }
  }

  /**
   * Integrity only: every line chained and the whole file signed (says nothing of the signer or
   * outcome).
   */
  public boolean isValid() {
    return verdict == Verdict.VALID;
  }

  /** The three verdicts folded into what decides the exit code. */
  public AuditStatus status() {
    return AuditStatus.of(verdict, trust, outcome);
  }

  /**
   * The first line: outcome, integrity and signer, e.g. {@code Ceremony FAILED at approvals
   * (NOT_APPROVED); integrity OK; signer pinned (ops-2026)}.
   */
  public String headline() {
    String integrity =
        switch (verdict) {
          case VALID -> "integrity OK";
          case UNSIGNED_TAIL ->
              "integrity OK for lines 1-"
                  + signedLineCount
                  + " of "
                  + lineCount
                  + " only ("
                  + (lineCount - signedLineCount)
                  + " unsigned after the last checkpoint; the outcome is read from"
                  + " the signed lines)";
          case UNSIGNED ->
              "chain intact but NOT SIGNED (" + unsignedReason().orElse("no reason recorded") + ")";
          case INVALID -> "integrity FAILED: " + problems.get(0);
        };
    String signer =
        switch (verdict) {
          case VALID, UNSIGNED_TAIL -> "; " + trust.headline();
          case UNSIGNED, INVALID -> "";
        };
    return outcome.headline() + "; " + integrity + signer;
  }

  /** Why no signer was available, as line 1 records it (only for an UNSIGNED bundle). */
  public Optional<String> unsignedReason() {
    if (verdict != Verdict.UNSIGNED || entries.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(entries.get(0).data().path("signer").path("reason").textValue());
  }

  /** The first bad line (or file), when the verdict is INVALID. */
  public Optional<Finding> firstProblem() {
    return problems.stream().findFirst();
  }

  /** One line for a terminal: "OK: 23 entries, ..." or "FAILED: ..." or "WARNING: ...". */
  public String summary() {
    return switch (verdict) {
      case VALID ->
          "OK: "
              + lineCount
              + (lineCount == 1 ? " entry" : " entries")
              + ", chain intact, signature valid, signer SHA-256 "
              + signerFingerprint
              + ", ceremony "
              + ceremonyId;
      case UNSIGNED_TAIL ->
          "WARNING: chain intact, but only lines 1-"
              + signedLineCount
              + " of "
              + lineCount
              + " are signed ("
              + (lineCount - signedLineCount)
              + " unsigned line"
              + (lineCount - signedLineCount == 1 ? "" : "s")
              + " after the last checkpoint: the ceremony was"
              + " interrupted, or lines were appended); signer SHA-256 "
              + signerFingerprint
              + ", ceremony "
              + ceremonyId;
      case UNSIGNED ->
          "NOT SIGNED: "
              + lineCount
              + (lineCount == 1 ? " entry" : " entries")
              + ", chain intact, but no signer was available ("
              + unsignedReason().orElse("no reason recorded")
              + "); nothing vouches for this transcript; ceremony "
              + ceremonyId;
      case INVALID -> "FAILED: " + problems.get(0);
    };
  }
}
