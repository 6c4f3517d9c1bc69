/**
 * The transcript: RFC 8785 canonical JSON Lines, a SHA-256 hash chain, signatures through an
 * injected {@link dev.keyceremony.transcript.TranscriptSigner}, and a pure offline verifier. Knows
 * nothing of the HSM or KMS.
 */
package dev.keyceremony.transcript;
