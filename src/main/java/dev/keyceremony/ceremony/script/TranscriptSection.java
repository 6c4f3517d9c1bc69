package dev.keyceremony.ceremony.script;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where bundles go (one new subdirectory per ceremony), the HSM label of the signer key, and
 * optionally the SHA-256 fingerprint of that key's public key ({@code signer-fingerprint},
 * lowercase hex, or null): the organisation's pin, required by the air-gapped phases, whose online
 * machines cannot ask the HSM.
 */
public record TranscriptSection(Path out, String signer, String signerFingerprint) {
  public TranscriptSection {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(signer, "signer");
  }

  public TranscriptSection(Path out, String signer) {
    this(out, signer, null);
  }
}
