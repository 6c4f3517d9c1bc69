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
  /**
   * Every line is canonical and chained, and line 1 says no signer was available (a failure before
   * the HSM signer was usable, such as a wrong PIN): there is no signer.pem and no transcript.sig.
   * A record of what happened, vouched for by nothing. Not a pass.
   */
  UNSIGNED,
  /** Tampered, truncated, or not a transcript: the report names the first bad line. */
  INVALID
}
