package dev.keyceremony.localkms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KMS time: a base clock plus an adjustable offset, so tests and rigs can move time (token expiry,
 * ValidTo, deletion dates) without waiting. SigV4 request dates are checked against the {@link
 * #base()} clock instead: clients sign with their wall clock, and AWS SDKs cannot learn a moved
 * clock (their skew correction reads the HTTP Date header, which the JDK server always sets from
 * the real time). Thread-safe.
 */
public final class MutableClock extends Clock {
  private final Clock base;
  private final AtomicLong offsetMillis;

  public MutableClock(Clock base, Duration offset) {
    this.base = base;
    this.offsetMillis = new AtomicLong(offset.toMillis());
  }

  public static MutableClock system() {
    return new MutableClock(Clock.systemUTC(), Duration.ZERO);
  }

  /** The clock SigV4 request dates are checked against (the wall clock unless injected). */
  public Clock base() {
    return base;
  }

  public Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }

  public void advance(Duration d) {
    offsetMillis.addAndGet(d.toMillis());
  }

  /** Sets the current time to {@code t} (the offset follows the base clock from then on). */
  public void setInstant(Instant t) {
    offsetMillis.set(t.toEpochMilli() - base.millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public long millis() {
    return base.millis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
