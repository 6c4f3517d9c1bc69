package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchPacerTest {
  @Test
  void reserve_spacesSlotsOneIntervalApart_atTheRateLessTheHeadroom() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    BatchPacer p = new BatchPacer(1.0, now::get);
    long interval = p.intervalNanos();
    assertThat(interval).isEqualTo((long) (1e9 / 0.97));
    long a = p.reserve();
    long b = p.reserve();
    long c = p.reserve();
    assertThat(a).isEqualTo(now.get());
    assertThat(b - a).isEqualTo(interval);
    assertThat(c - b).isEqualTo(interval);
  }

  @Test
  void reserve_afterAnIdleGap_startsNow_withoutABurstToCatchUp() {
    AtomicLong now = new AtomicLong(0);
    BatchPacer p = new BatchPacer(15.0, now::get);
    p.reserve();
    now.addAndGet(10_000_000_000L);
    long s1 = p.reserve();
    long s2 = p.reserve();
    assertThat(s1).isEqualTo(now.get());
    assertThat(s2 - s1).isEqualTo(p.intervalNanos());
  }

  @Test
  void awaitSlot_keepsTheSpacingOfActualSends_whenAWorkerWokeLate() throws Exception {
    BatchPacer p = new BatchPacer(20.0, System::nanoTime); // ~51.5 ms apart
    long s1 = p.reserve();
    long s2 = p.reserve();
    // The first request leaves 30 ms late (a busy machine); the second must still wait a full
    // interval after it, not leave at its own slot.
    Thread.sleep(Math.max(0, (s1 - System.nanoTime()) / 1_000_000) + 30);
    p.awaitSlot(s1);
    long sent1 = System.nanoTime();
    p.awaitSlot(s2);
    long sent2 = System.nanoTime();
    assertThat(sent2 - sent1).isGreaterThanOrEqualTo(p.intervalNanos() - 1_000_000);
  }

  @Test
  void throttledRetry_costsItsBackoffNotASlot_andTheNextRequestKeepsAnIntervalFromIt()
      throws Exception {
    BatchPacer p = new BatchPacer(10.0, System::nanoTime); // ~103 ms apart
    long interval = p.intervalNanos();
    p.awaitSlot(p.reserve());
    long s2 = p.reserve();
    p.awaitSlot(s2);
    long sent2 = System.nanoTime();
    // Request 2 was throttled: it took no token, so its retry may leave one interval after
    // request 1 (long passed), i.e. after its 5 ms backoff only.
    p.retrying(true, 1, 5_000_000L);
    long retryPlanned = System.nanoTime() + 5_000_000L;
    assertThat(System.nanoTime() - sent2).isLessThan(interval / 2);
    long s3 = p.reserve();
    p.awaitSlot(s3);
    assertThat(System.nanoTime() - retryPlanned).isGreaterThanOrEqualTo(interval - 1_000_000);
  }

  @Test
  void retryAfterA5xx_keepsAFullIntervalFromTheFailedRequest() throws Exception {
    BatchPacer p = new BatchPacer(10.0, System::nanoTime);
    p.awaitSlot(p.reserve());
    long sent = System.nanoTime();
    p.retrying(false, 1, 0);
    assertThat(System.nanoTime() - sent).isGreaterThanOrEqualTo(p.intervalNanos() - 1_000_000);
  }

  @Test
  void throttledAgain_keepsAFullIntervalFromTheFailedRetry() throws Exception {
    BatchPacer p = new BatchPacer(10.0, System::nanoTime);
    p.awaitSlot(p.reserve());
    p.awaitSlot(p.reserve());
    p.retrying(true, 1, 0);
    long firstRetry = System.nanoTime();
    p.retrying(true, 2, 0);
    assertThat(System.nanoTime() - firstRetry)
        .isGreaterThanOrEqualTo(p.intervalNanos() - 1_000_000);
  }
}
