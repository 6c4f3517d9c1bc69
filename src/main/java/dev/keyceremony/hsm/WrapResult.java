package dev.keyceremony.hsm;

import dev.keyceremony.core.WrappingAlgorithm;
import java.util.List;

/**
 * The wrapped key material, with how it was made (mechanism names and parameters) and warnings for
 * the evidence record, such as SoftHSM 2.6.1's zero padding of KWP input.
 */
public record WrapResult(
    WrappingAlgorithm algorithm, byte[] ciphertext, String mechanism, List<String> warnings) {
  public WrapResult {
    ciphertext = ciphertext.clone();
    warnings = List.copyOf(warnings);
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }
}
