package dev.keyceremony.ceremony;

import java.util.function.LongSupplier;

/**
 * Spaces the starts of one KMS operation's requests at least {@code 1 / (rate * HEADROOM)}
 * seconds apart. AWS counts requests per second in a bucket as large as the rate; requests sent
 * exactly at the rate can reach KMS closer together than they left (network jitter) and be
 * throttled, so the pacer keeps a 3% margin. Not thread-safe: only the batch's one coordinating
 * thread asks it.
 */
final class BatchPacer {
  /** The share of the configured rate the pacer sends at. */
  static final double HEADROOM = 0.97;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long next;

  BatchPacer(double ratePerSecond, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate " + ratePerSecond);
    }
    this.intervalNanos = (long) (1e9 / (ratePerSecond * HEADROOM));
    this.nanoTime = nanoTime;
    this.next = nanoTime.getAsLong();
  }

  /** Takes a slot when one is due now; the next slot is one interval after this start. */
  boolean tryTake() {
    long now = nanoTime.getAsLong();
    if (now - next < 0) {
      return false;
    }
    next = now + intervalNanos;
    return true;
  }

  /** Nanoseconds until the next slot (0 when one is due). */
  long waitNanos() {
    return Math.max(0, next - nanoTime.getAsLong());
  }

  long intervalNanos() {
    return intervalNanos;
  }
}
