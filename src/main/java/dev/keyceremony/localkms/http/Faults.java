package dev.keyceremony.localkms.http;

import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.localkms.api.KmsError;
import java.util.Random;

/** Applies {@link FaultSettings} to each KMS request; the draws are reproducible per seed. */
public final class Faults {
  private volatile FaultSettings settings;
  private Random random;

  public Faults(FaultSettings settings) {
    set(settings);
  }

  public synchronized void set(FaultSettings s) {
    this.settings = s;
    this.random = new Random(s.seed());
  }

  public FaultSettings settings() {
    return settings;
  }

  /** Sleeps and/or throws as the settings draw for this request. */
  public void apply() {
    FaultSettings s = settings;
    if (s.throttleRate() == 0 && s.errorRate() == 0 && s.delayRate() == 0) {
      return;
    }
    double throttle;
    double error;
    double delay;
    synchronized (this) {
      throttle = random.nextDouble();
      error = random.nextDouble();
      delay = random.nextDouble();
    }
    if (delay < s.delayRate() && s.delayMillis() > 0) {
      try {
        Thread.sleep(s.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (throttle < s.throttleRate()) {
      throw throttled();
    }
    if (error < s.errorRate()) {
      throw KmsError.internal("Injected fault: internal error (local KMS fault injection).");
    }
  }

  static KmsError throttled() {
    return new KmsError(
        "ThrottlingException",
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your"
            + " calls.");
  }
}
