package dev.keyceremony.hsm;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.util.List;
import java.util.Optional;

/** The mechanism self-test result for each KMS wrapping algorithm. */
public record SelfTestReport(WrappingKeySpec wrappingKeySpec, List<Result> results) {
  public SelfTestReport {
    results = List.copyOf(results);
  }

  /** One algorithm: passed or not, the mechanism used, and why it failed. */
  public record Result(
      WrappingAlgorithm algorithm, boolean passed, String mechanism, String detail) {}

  public Optional<Result> result(WrappingAlgorithm algorithm) {
    return results.stream().filter(r -> r.algorithm() == algorithm).findFirst();
  }

  public boolean passed(WrappingAlgorithm algorithm) {
    return result(algorithm).map(Result::passed).orElse(false);
  }
}
