package dev.keyceremony.transcript;

import java.util.Objects;

/**
 * A signer the organisation vouches for: the SHA-256 of its public key (DER SubjectPublicKeyInfo)
 * and a name for people ({@code ops-2026}, or where the pin came from).
 *
 * @param fingerprint lowercase hex SHA-256
 * @param name what the organisation calls this signer; shown in "signer pinned (NAME)"
 */
public record SignerPin(String fingerprint, String name) {
  public SignerPin {
    fingerprint =
        TranscriptVerifier.normaliseFingerprint(Objects.requireNonNull(fingerprint, "fingerprint"));
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "a signer pin needs a name (what your records call this signer)");
    }
  }
}
