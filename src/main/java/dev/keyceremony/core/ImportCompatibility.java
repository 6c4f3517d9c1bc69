package dev.keyceremony.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AWS's compatibility matrix between key material, wrapping algorithm and wrapping key spec
 * (kms-import-spec.md section 2.2), in AWS's order of preference.
 */
public final class ImportCompatibility {
  private ImportCompatibility() {}

  /** Algorithms KMS accepts for this key spec, strongest (AWS-preferred) first. */
  public static List<WrappingAlgorithm> preferenceOrder(KeySpec spec) {
    switch (spec.kind()) {
      case SYMMETRIC:
      case HMAC:
        return List.of(WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingAlgorithm.RSAES_OAEP_SHA_1);
      case RSA:
        return List.of(
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
      case EC:
      default:
        return List.of(
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
            WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1,
            WrappingAlgorithm.RSAES_OAEP_SHA_256,
            WrappingAlgorithm.RSAES_OAEP_SHA_1);
    }
  }

  /**
   * Why KMS refuses this combination, or empty when it is allowed. The message names the cause and
   * what is allowed instead.
   */
  public static Optional<String> rejection(
      KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    if (!preferenceOrder(spec).contains(algorithm)) {
      return Optional.of(
          "KMS does not accept "
              + algorithm
              + " for "
              + spec
              + " key material; allowed: "
              + preferenceOrder(spec));
    }
    if (spec == KeySpec.ECC_NIST_P521
        && wrappingKeySpec == WrappingKeySpec.RSA_2048
        && !algorithm.isHybrid()) {
      return Optional.of(
          "an ECC_NIST_P521 private key (241 bytes as PKCS#8) does not fit in one RSAES-OAEP block"
              + " of an RSA_2048 wrapping key; use RSA_AES_KEY_WRAP_SHA_256/_SHA_1 or an RSA_3072 or"
              + " RSA_4096 wrapping key");
    }
    return Optional.empty();
  }

  public static boolean allowed(
      KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    return rejection(spec, algorithm, wrappingKeySpec).isEmpty();
  }

  /** Allowed algorithms for the spec and wrapping key size, strongest first. */
  public static List<WrappingAlgorithm> allowedAlgorithms(
      KeySpec spec, WrappingKeySpec wrappingKeySpec) {
    List<WrappingAlgorithm> out = new ArrayList<>();
    for (WrappingAlgorithm a : preferenceOrder(spec)) {
      if (allowed(spec, a, wrappingKeySpec)) {
        out.add(a);
      }
    }
    return List.copyOf(out);
  }
}
