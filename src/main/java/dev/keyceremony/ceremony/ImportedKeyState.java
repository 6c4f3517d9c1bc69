package dev.keyceremony.ceremony;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The one rule for "the key now shows what was imported", after an import and before the proof:
 * Enabled, and the script's expiration (the model, and ValidTo to the second, as KMS keeps it).
 * Used by {@code prove}, the air-gapped import's proof and a replica's proof.
 */
final class ImportedKeyState {
  private ImportedKeyState() {}

  /** Whether KMS's ValidTo is the one imported (both absent, or equal to the second). */
  static boolean validToMatches(Instant expected, Instant shown) {
    return expected == null
        ? shown == null
        : shown != null
            && shown
                .truncatedTo(ChronoUnit.SECONDS)
                .equals(expected.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Fails closed with {@link FailCause#NOT_ENABLED} or {@link FailCause#EXPIRATION_MISMATCH}.
   *
   * @param subject what showed the state, e.g. "DescribeKey" or "the replica ARN"
   */
  static void require(
      boolean enabled,
      String keyState,
      String expectedModel,
      String shownModel,
      Instant expectedValidTo,
      Instant shownValidTo,
      String subject,
      String fix) {
    if (enabled
        && Objects.equals(expectedModel, shownModel)
        && validToMatches(expectedValidTo, shownValidTo)) {
      return;
    }
    throw new CeremonyFailure(
        enabled ? FailCause.EXPIRATION_MISMATCH : FailCause.NOT_ENABLED,
        "after the import "
            + subject
            + " shows KeyState "
            + keyState
            + ", ExpirationModel "
            + shownModel
            + ", ValidTo "
            + shownValidTo
            + "; expected Enabled, "
            + expectedModel
            + ", "
            + expectedValidTo,
        fix);
  }
}
