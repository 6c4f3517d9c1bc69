package dev.keyceremony.transcript;

/** The outcome of verifying a bundle. */
public enum Verdict {
  /** Every line is canonical and chained, and transcript.sig covers the whole file. */
  VALID,
  /**
   * Every line is canonical and chained, but transcript.sig covers only a prefix: the ceremony was
   * interrupted after its last checkpoint, or lines were appended afterwards. Not a pass.
   */
  UNSIGNED_TAIL,
  /** Tampered, truncated, or not a transcript: the report names the first bad line. */
  INVALID
}
