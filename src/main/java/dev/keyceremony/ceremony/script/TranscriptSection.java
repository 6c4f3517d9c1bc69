package dev.keyceremony.ceremony.script;

import java.nio.file.Path;
import java.util.Objects;

/** Where bundles go (one new subdirectory per ceremony) and the HSM label of the signer key. */
public record TranscriptSection(Path out, String signer) {
  public TranscriptSection {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(signer, "signer");
  }
}
