package dev.keyceremony.hsm;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.util.Objects;

/**
 * The result of a trial wrap of a throwaway session object of the target's material kind: whether
 * the token can wrap THIS kind of material with the algorithm in the format KMS expects, and why
 * not. The mechanism self-test covers secret keys only; a token may pass it and still refuse to
 * wrap a private key (SoftHSM 2.6.1 cannot OAEP-wrap one).
 */
public record WrapProof(
    KeySpec keySpec,
    WrappingAlgorithm algorithm,
    WrappingKeySpec wrappingKeySpec,
    boolean passed,
    String mechanism,
    String detail) {
  public WrapProof {
    Objects.requireNonNull(keySpec, "keySpec");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(wrappingKeySpec, "wrappingKeySpec");
    mechanism = mechanism == null ? "-" : mechanism;
    Objects.requireNonNull(detail, "detail");
  }
}
