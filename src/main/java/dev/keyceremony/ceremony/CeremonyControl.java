package dev.keyceremony.ceremony;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How a ceremony run is steered from outside: its ID (the value of the tag on the KMS key it
 * creates), the bundle directory named in the resume and abandon commands it prints, a stop request
 * (Ctrl-C, SIGTERM) checked before every step and every side effect, and, for {@code resume}, what
 * the transcript and the reconciliation found already done.
 */
public record CeremonyControl(
    String ceremonyId, String bundle, BooleanSupplier stopRequested, Resumption resumption) {
  public CeremonyControl {
    Objects.requireNonNull(ceremonyId, "ceremonyId");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(stopRequested, "stopRequested");
    Objects.requireNonNull(resumption, "resumption");
  }

  /** A fresh run that nothing stops (tests, {@code plan}). */
  public static CeremonyControl fresh(String ceremonyId, String bundle) {
    return new CeremonyControl(ceremonyId, bundle, () -> false, Resumption.NONE);
  }

  public boolean resuming() {
    return resumption != Resumption.NONE;
  }

  /** The command that continues this ceremony. */
  public String resumeCommand() {
    return "./ceremony resume " + bundle;
  }

  /** The command that undoes what this ceremony created. */
  public String abandonCommand() {
    return "./ceremony abandon " + bundle;
  }
}
