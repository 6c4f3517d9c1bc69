package dev.keyceremony.localkms;

/**
 * Fault injection for test rigs: the share of requests answered with ThrottlingException, with
 * KMSInternalException (HTTP 500), or after a delay. Rates are in [0, 1].
 */
public record FaultSettings(
    double throttleRate, double errorRate, double delayRate, long delayMillis, long seed) {
  public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 0);

  public FaultSettings {
    check("throttle rate", throttleRate);
    check("error rate", errorRate);
    check("delay rate", delayRate);
    if (delayMillis < 0 || delayMillis > 600_000) {
      throw new IllegalArgumentException("fault delay must be 0..600000 ms, got " + delayMillis);
    }
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("fault " + name + " must be in [0, 1], got " + rate);
    }
  }
}
