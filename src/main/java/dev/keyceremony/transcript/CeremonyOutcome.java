package dev.keyceremony.transcript;

import java.util.Objects;

/**
 * The outcome verdict: how the ceremony ended, read from the (signed) entries alone. Separate from
 * integrity: a perfectly intact bundle can record a failed ceremony.
 *
 * @param kind how it ended
 * @param step the failed or interrupted step ("after X" when it stopped between steps), the phase
 *     waited for, or empty
 * @param cause the cause code of a failure (e.g. {@code NOT_APPROVED}), the signal of an
 *     interruption, or empty
 * @param line the line the verdict rests on (the seal, the error, the last entry), 0 when none
 * @param detail one sentence for a human, never empty
 */
public record CeremonyOutcome(Kind kind, String step, String cause, long line, String detail) {
  /** The ways a ceremony can end, or not yet have ended. */
  public enum Kind {
    /** Sealed with outcome "succeeded". */
    SUCCEEDED,
    /** Sealed with outcome "failed", or stopped by a recorded error. */
    FAILED,
    /** The last entry is not an ending: a crash, a kill, Ctrl-C; {@code resume} can go on. */
    INTERRUPTED,
    /** {@code abandon} undid what the ceremony had created. */
    ABANDONED,
    /** An air-gapped ceremony between two phases; {@code step} names the next phase. */
    WAITING,
    /** No entry can be trusted to say (tampered, empty, unreadable). */
    UNKNOWN
  }

  public CeremonyOutcome {
    Objects.requireNonNull(kind, "kind");
    step = step == null ? "" : step;
    cause = cause == null ? "" : cause;
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Whether the ceremony has ended for good (successfully or not), as opposed to stopped midway.
   */
  public boolean ended() {
    return kind == Kind.SUCCEEDED || kind == Kind.FAILED || kind == Kind.ABANDONED;
  }

  /**
   * The outcome half of the first line, e.g. {@code Ceremony FAILED at approvals (NOT_APPROVED)}.
   */
  public String headline() {
    return switch (kind) {
      case SUCCEEDED -> "Ceremony SUCCEEDED";
      case FAILED ->
          "Ceremony FAILED"
              + (step.isEmpty() ? "" : " at " + step)
              + (cause.isEmpty() ? "" : " (" + cause + ")");
      case INTERRUPTED ->
          "Ceremony INTERRUPTED"
              + (step.isEmpty() ? "" : step.startsWith("after ") ? " " + step : " in " + step)
              + (cause.isEmpty() ? "" : " (" + cause + ")");
      case ABANDONED -> "Ceremony ABANDONED" + (cause.isEmpty() ? "" : " (" + cause + ")");
      case WAITING -> "Ceremony WAITING for phase " + step + " of an air-gapped ceremony";
      case UNKNOWN -> "Ceremony outcome UNKNOWN";
    };
  }
}
