package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import dev.keyceremony.hsm.WrapResult;
import java.util.Optional;

/**
 * Verifies a wrap result from the token before anything leaves the room: the algorithm asked for,
 * and the length {@link WrappingRules} expects (exact where the spec fixes it). One check for the
 * single ceremony, the air-gap wrap phase, bulk and {@code hsm wrap}.
 */
final class WrapCheck {
  private WrapCheck() {}

  /** {@code nothing} ends the fix: what was not done ("nothing was imported"). */
  static void verify(
      WrapResult w, WrappingAlgorithm asked, KeySpec spec, WrappingKeySpec wks, String nothing) {
    int n = w.ciphertext().length;
    Optional<String> wrong = WrappingRules.wrappedLengthProblem(spec, asked, wks, n);
    if (w.algorithm() != asked || wrong.isPresent()) {
      throw new CeremonyFailure(
          FailCause.WRAP_UNEXPECTED,
          "the token returned "
              + n
              + " bytes for "
              + w.algorithm()
              + " with a "
              + wks.modulusBytes()
              + "-byte wrapping key"
              + wrong.map(x -> "; " + x).orElse(""),
          "check the HSM adapter; " + nothing);
    }
  }
}
