package dev.keyceremony.ceremony;

import java.util.function.LongSupplier;

/**
 * Spaces the starts of one KMS operation's requests at least {@code 1 / (rate * HEADROOM)} seconds
 * apart: each call reserves the next free slot when its intent is written, and the worker that
 * makes the call waits for that slot. So the coordinating thread can announce calls ahead (intent
 * first, as always) while the requests leave on time however busy that thread is with the HSM and
 * the transcript. AWS counts requests per second in a bucket as large as the rate; requests sent
 * exactly at the rate can reach KMS closer together than they left (network jitter) and be
 * throttled, so the pacer keeps a 3% margin.
 */
final class BatchPacer {
  /** The share of the configured rate the pacer sends at. */
  static final double HEADROOM = 0.97;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long next;

  /**
   * Guards {@link #lastSent}; separate from the reservation lock so a waiting worker never holds up
   * the thread that reserves.
   */
  private final Object sending = new Object();

  private long lastSent;
  private long prevSent;
  private boolean sentAny;

  BatchPacer(double ratePerSecond, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate " + ratePerSecond);
    }
    this.intervalNanos = (long) (1e9 / (ratePerSecond * HEADROOM));
    this.nanoTime = nanoTime;
    this.next = nanoTime.getAsLong();
  }

  /** Reserves the next slot: now, or one interval after the previous slot, whichever is later. */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    long slot = now - next >= 0 ? now : next;
    next = slot + intervalNanos;
    return slot;
  }

  /**
   * Sleeps until {@code slot} (a {@link #reserve()} answer), and further if the previous request of
   * this operation left late (a worker woken late by a busy machine): two requests never leave
   * closer together than one interval.
   */
  void awaitSlot(long slot) throws InterruptedException {
    sleep(slot - nanoTime.getAsLong());
    synchronized (sending) {
      if (sentAny) {
        sleep(lastSent + intervalNanos - nanoTime.getAsLong());
      }
      prevSent = lastSent;
      lastSent = nanoTime.getAsLong();
      sentAny = true;
    }
  }

  /**
   * A request of this operation is about to be retried after {@code delayNanos} (the retry policy's
   * jittered backoff). A throttled request took no token from KMS's bucket, so the spacing counts
   * from the request before it: the retry goes out as soon as that allows (plus the backoff), and
   * the requests after it keep one interval from the retry. A throttle then costs the backoff, not
   * a whole slot. A request throttled again (the machine's scheduling jitter is larger than the
   * margin), and one after a 5xx (which may have counted), keeps a full interval from its failed
   * attempt instead.
   */
  void retrying(boolean throttled, int attempt, long delayNanos) throws InterruptedException {
    synchronized (sending) {
      if (throttled && attempt == 1 && sentAny) {
        lastSent = prevSent;
      }
      if (sentAny) {
        sleep(lastSent + intervalNanos - delayNanos - nanoTime.getAsLong());
      }
      prevSent = lastSent;
      lastSent = nanoTime.getAsLong() + delayNanos;
      sentAny = true;
    }
  }

  private static void sleep(long nanos) throws InterruptedException {
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }

  long intervalNanos() {
    return intervalNanos;
  }
}
