package dev.keyceremony.hsm;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code wrapping.algorithm: auto}, chosen in one place for {@code hsm info}, {@code plan} and
 * {@code run}: the first algorithm, in AWS's order of preference ({@link WrappingRules}), that KMS
 * allows for the key spec and wrapping key size, that passed the token's mechanism self-test, and
 * whose {@link Trial} passed (in trusted mode, the token's trusted-wrap obstacle, then a trial wrap
 * of a throwaway session object of the material's kind).
 */
public final class AutoAlgorithm {
  private AutoAlgorithm() {}

  /**
   * One trial of an algorithm, as {@code run} makes it: in trusted mode the token is asked first
   * whether it can wrap wrap-with-trusted material that way (a trial wrap cannot see it: its
   * throwaway object is not wrap-with-trusted), and such an algorithm counts as a failed proof.
   */
  public record Trial(HsmSession hsm, WrappingKeySpec wrappingKeySpec, boolean trusted) {
    public WrapProof prove(KeySpec spec, WrappingAlgorithm a) {
      return prove(spec, a, p -> {});
    }

    /** {@code trustedObstacles} hears of each algorithm that trusted mode alone rules out. */
    public WrapProof prove(
        KeySpec spec, WrappingAlgorithm a, Consumer<WrapProof> trustedObstacles) {
      Optional<String> obstacle = trusted ? hsm.trustedWrapObstacle(spec, a) : Optional.empty();
      if (obstacle.isEmpty()) {
        return hsm.proveWrap(spec, a, wrappingKeySpec);
      }
      WrapProof p = new WrapProof(spec, a, wrappingKeySpec, false, null, obstacle.get());
      trustedObstacles.accept(p);
      return p;
    }
  }

  /**
   * The auto choice for {@code spec}: trials ({@code prover}) run in order of preference over the
   * algorithms KMS allows that passed {@code selfTest}, and stop at the first that passes. Empty
   * when none does.
   */
  public static Optional<WrappingAlgorithm> choose(
      KeySpec spec, SelfTestReport selfTest, Function<WrappingAlgorithm, WrapProof> prover) {
    for (WrappingAlgorithm a : WrappingRules.allowedAlgorithms(spec, selfTest.wrappingKeySpec())) {
      if (selfTest.passed(a) && prover.apply(a).passed()) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The auto choice for every importable key spec, as {@code hsm info} shows it. */
  public static Map<KeySpec, Optional<WrappingAlgorithm>> table(
      SelfTestReport selfTest, Trial trial) {
    Map<KeySpec, Optional<WrappingAlgorithm>> out = new LinkedHashMap<>();
    for (KeySpec k : KeySpec.values()) {
      out.put(k, choose(k, selfTest, a -> trial.prove(k, a)));
    }
    return out;
  }
}
