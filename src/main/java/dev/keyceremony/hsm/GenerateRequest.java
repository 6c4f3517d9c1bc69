package dev.keyceremony.hsm;

import dev.keyceremony.core.KeySpec;
import java.util.Objects;

/**
 * What to generate: spec and a new label. {@code wrapWithTrusted} sets CKA_WRAP_WITH_TRUSTED so
 * that only a CKA_TRUSTED key (created by the Security Officer) can wrap it.
 */
public record GenerateRequest(KeySpec keySpec, String label, boolean wrapWithTrusted) {
  public GenerateRequest {
    Objects.requireNonNull(keySpec, "keySpec");
    if (label == null || label.isBlank() || label.length() > 128) {
      throw new IllegalArgumentException(
          "HSM label '" + label + "' must be 1 to 128 characters and not blank");
    }
  }
}
