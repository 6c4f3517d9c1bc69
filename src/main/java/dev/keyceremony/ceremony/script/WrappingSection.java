package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.util.Objects;
import java.util.Optional;

/**
 * The wrapping algorithm ({@code null} for {@code auto}: the strongest that KMS allows for the key
 * spec and the token passed in its self-test) and the wrapping key size.
 */
public record WrappingSection(WrappingAlgorithm algorithm, WrappingKeySpec keySpec) {
  public WrappingSection {
    Objects.requireNonNull(keySpec, "keySpec");
  }

  public Optional<WrappingAlgorithm> explicitAlgorithm() {
    return Optional.ofNullable(algorithm);
  }

  public String algorithmText() {
    return algorithm == null ? "auto" : algorithm.name();
  }
}
