package dev.keyceremony.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The wrapping rules, written once for every layer (script parser, preflight, HSM adapter, the
 * checks of a wrap result): AWS's compatibility matrix between key material, wrapping algorithm and
 * wrapping key spec (kms-import-spec.md section 2.2), in AWS's order of preference, and the length
 * a wrapped blob must have (section 2.4). SM2PKE and the SM2 wrapping key spec exist only in China
 * Regions and are not modelled ({@link WrappingAlgorithm}).
 */
public final class WrappingRules {
  /** RFC 5649 adds one 8-byte block (the AIV) to the plaintext padded to 8-byte blocks. */
  private static final int KWP_BLOCK = 8;

  private WrappingRules() {}

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

  /**
   * True when KMS accepts material of {@code spec} wrapped with {@code algorithm} under a key of
   * {@code wrappingKeySpec}; {@link #rejection} says why not.
   */
  public static boolean compatible(
      KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    return rejection(spec, algorithm, wrappingKeySpec).isEmpty();
  }

  /** Allowed algorithms for the spec and wrapping key size, strongest first. */
  public static List<WrappingAlgorithm> allowedAlgorithms(
      KeySpec spec, WrappingKeySpec wrappingKeySpec) {
    List<WrappingAlgorithm> out = new ArrayList<>();
    for (WrappingAlgorithm a : preferenceOrder(spec)) {
      if (compatible(spec, a, wrappingKeySpec)) {
        out.add(a);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Length of the RFC 5649 (KWP) output for {@code materialLength} bytes: the plaintext zero-padded
   * to whole 8-byte blocks, plus the 8-byte AIV (a single block when the padded plaintext is 8
   * bytes gives 16 bytes, the same count).
   */
  public static int kwpLength(int materialLength) {
    if (materialLength < 1) {
      throw new IllegalArgumentException(
          "RFC 5649 wraps at least 1 byte of key material, not " + materialLength);
    }
    return (materialLength + KWP_BLOCK - 1) / KWP_BLOCK * KWP_BLOCK + KWP_BLOCK;
  }

  /**
   * The exact wrapped length of {@code materialLength} bytes: RSAES_OAEP_* gives one RSA block (the
   * modulus length); RSA_AES_KEY_WRAP_* gives one RSA block (the ephemeral AES key) followed by KWP
   * of the material.
   */
  public static int expectedWrappedLength(
      WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec, int materialLength) {
    int n = wrappingKeySpec.modulusBytes();
    return algorithm.isHybrid() ? n + kwpLength(materialLength) : n;
  }

  /**
   * The exact wrapped length for material of {@code spec}, where the spec fixes it: always for
   * RSAES_OAEP_*, and for RSA_AES_KEY_WRAP_* of raw secret material (AES, HMAC). Empty for a key
   * pair wrapped with RSA_AES_KEY_WRAP_*: its PKCS#8 length depends on the key (RSA) and on what
   * the token puts in it (an EC public key or not).
   */
  public static OptionalInt expectedWrappedLength(
      KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    if (!algorithm.isHybrid()) {
      return OptionalInt.of(wrappingKeySpec.modulusBytes());
    }
    if (spec.isSecret()) {
      return OptionalInt.of(
          expectedWrappedLength(algorithm, wrappingKeySpec, spec.secretLengthBytes()));
    }
    return OptionalInt.empty();
  }

  /**
   * Why a wrapped blob of {@code length} bytes cannot be right for material of {@code spec}, as the
   * expectation ("expected 256 (one RSA block)"), or empty when it can. Exact where {@link
   * #expectedWrappedLength(KeySpec, WrappingAlgorithm, WrappingKeySpec)} is; otherwise one RSA
   * block followed by at least 16 bytes of KWP in 8-byte blocks.
   */
  public static Optional<String> wrappedLengthProblem(
      KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec, int length) {
    OptionalInt exact = expectedWrappedLength(spec, algorithm, wrappingKeySpec);
    if (exact.isPresent() && algorithm.isHybrid()) {
      int n = wrappingKeySpec.modulusBytes();
      return length == exact.getAsInt()
          ? Optional.empty()
          : Optional.of(
              "expected "
                  + exact.getAsInt()
                  + " ("
                  + n
                  + " bytes of OAEP and "
                  + (exact.getAsInt() - n)
                  + " of RFC 5649 for the "
                  + spec.secretLengthBytes()
                  + "-byte "
                  + spec
                  + " material)");
    }
    return wrappedLengthProblem(algorithm, wrappingKeySpec, length);
  }

  /**
   * Why a wrapped blob of {@code length} bytes cannot be right for any material, or empty: for
   * RSAES_OAEP_* exactly one RSA block, for RSA_AES_KEY_WRAP_* one RSA block followed by at least
   * 16 bytes of KWP (1 to 8 bytes of material) in 8-byte blocks.
   */
  public static Optional<String> wrappedLengthProblem(
      WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec, int length) {
    int n = wrappingKeySpec.modulusBytes();
    if (!algorithm.isHybrid()) {
      return length == n ? Optional.empty() : Optional.of("expected " + n + " (one RSA block)");
    }
    int kwp = length - n;
    return kwp >= kwpLength(1) && kwp % KWP_BLOCK == 0
        ? Optional.empty()
        : Optional.of(
            "expected "
                + n
                + " bytes of OAEP followed by an RFC 5649 part of at least "
                + kwpLength(1)
                + " bytes in 8-byte blocks");
  }
}
