package dev.keyceremony.ceremony;

import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.Reply;
import dev.keyceremony.kms.RetryingKms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The side effects of a batch, write-ahead as in {@link SideEffects} and with the key's number in
 * every {@code intent} and {@code result} entry. KMS calls run on worker threads so that several
 * keys' calls and the HSM's work overlap; the intent is written (and signed) by the coordinating
 * thread before the call is handed to a worker, and the result is written by the same thread when
 * the call returns: the transcript has one writer, and no effect starts before its intent.
 */
final class BulkCalls implements AutoCloseable {
  /** Threads for KMS calls; most of them wait for their call's slot. */
  static final int WORKERS = 24;

  /** Result status of a call announced but not made: the stop request came before its slot. */
  static final String CANCELLED = "cancelled";

  private static final ThreadLocal<RetryingKms.Observer> RETRIES = new ThreadLocal<>();

  /** A finished call, waiting for the coordinating thread to record it. */
  private record Completion(
      BulkKey key,
      long intent,
      String action,
      Object value,
      RuntimeException error,
      java.time.Instant sentAt,
      java.time.Instant lastSentAt,
      List<Map<String, Object>> requests,
      Function<Object, Map<String, Object>> facts,
      BiConsumer<BulkKey, Object> then) {}

  /** What the coordinating thread does with a failed call or a failed check after it. */
  interface Failure {
    void failed(BulkKey key, String step, RuntimeException e);
  }

  private final Kms kms;
  private final Journal journal;
  private final String actor;
  private final ExecutorService workers;
  private final LinkedBlockingQueue<Completion> done = new LinkedBlockingQueue<>();
  private final java.util.function.BooleanSupplier stop;
  private final java.time.Clock clock;
  private final Map<String, Integer> outstanding = new java.util.HashMap<>();
  private int inFlight;

  BulkCalls(
      Kms kms,
      Journal journal,
      String actor,
      java.util.function.BooleanSupplier stop,
      java.time.Clock clock) {
    this.kms = kms;
    this.stop = stop;
    this.clock = clock;
    this.journal = journal;
    this.actor = actor;
    if (kms instanceof RetryingKms r) {
      // Each retry is recorded with the call in flight on the thread that makes it.
      r.observe(
          retry -> {
            RetryingKms.Observer o = RETRIES.get();
            if (o != null) {
              o.retrying(retry);
            }
          });
    }
    this.workers =
        Executors.newFixedThreadPool(
            WORKERS,
            r -> {
              Thread t = new Thread(r, "batch-kms");
              t.setDaemon(true);
              return t;
            });
  }

  int inFlight() {
    return inFlight;
  }

  /** Calls of {@code action} announced and not yet recorded. */
  int outstanding(String action) {
    return outstanding.getOrDefault(action, 0);
  }

  /**
   * Writes the intent, then hands the call to a worker. {@code then} runs on the coordinating
   * thread after the result entry is written.
   */
  @SuppressWarnings("unchecked")
  <T> void submit(
      BulkKey k,
      String step,
      String action,
      Map<String, Object> handle,
      BatchPacer pacer,
      Function<Kms, Reply<T>> call,
      Function<T, Map<String, Object>> facts,
      BiConsumer<BulkKey, T> then) {
    long seq = intent(k, step, action, handle);
    long slot = pacer.reserve();
    k.busy = true;
    inFlight++;
    outstanding.merge(action, 1, Integer::sum);
    workers.execute(
        () -> {
          RecordingKms rec = new RecordingKms(kms);
          Object value = null;
          RuntimeException error = null;
          java.time.Instant sentAt = null;
          java.time.Instant[] lastSent = {null};
          try {
            pacer.awaitSlot(slot);
            if (stop.getAsBoolean()) {
              error = new Cancelled();
            } else {
              // A retry (after throttling, a 5xx) keeps to the pace of its operation: retries
              // outside it would collide with the paced requests and be throttled in turn.
              java.time.Instant[] last = lastSent;
              RETRIES.set(
                  r -> {
                    rec.retrying(r);
                    try {
                      pacer.retrying(
                          r.httpStatus() < 500 && r.httpStatus() != 0,
                          r.attempt(),
                          r.delayMillis() * 1_000_000L);
                    } catch (InterruptedException ie) {
                      Thread.currentThread().interrupt();
                    }
                    last[0] = clock.instant().plusMillis(r.delayMillis());
                  });
              sentAt = clock.instant();
              value = call.apply(rec).value();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = new Cancelled();
          } catch (RuntimeException e) {
            error = e;
          } finally {
            RETRIES.remove();
          }
          done.add(
              new Completion(
                  k,
                  seq,
                  action,
                  value,
                  error,
                  sentAt,
                  lastSent[0],
                  rec.drain(),
                  v -> facts.apply((T) v),
                  (key, v) -> then.accept(key, (T) v)));
        });
  }

  /**
   * Records the calls that finished, waiting up to {@code waitNanos} for the first; returns how
   * many were recorded.
   */
  int drain(long waitNanos, Failure failure) {
    int n = 0;
    try {
      Completion c = waitNanos > 0 ? done.poll(waitNanos, TimeUnit.NANOSECONDS) : done.poll();
      while (c != null) {
        record(c, failure);
        n++;
        c = done.poll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return n;
  }

  private void record(Completion c, Failure failure) {
    inFlight--;
    outstanding.merge(c.action(), -1, Integer::sum);
    c.key().busy = false;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("intent", c.intent());
    r.put("action", c.action());
    r.put("key", c.key().n);
    RuntimeException e = c.error();
    if (e instanceof Cancelled) {
      r.put("status", CANCELLED);
      r.put("found", "not made: the stop request came before its slot");
      journal.record("result", actor, r);
      return;
    }
    if (e == null) {
      r.put("status", SideEffects.DONE);
      r.putAll(c.facts().apply(c.value()));
    } else {
      errorFacts(r, e);
    }
    // When the request left (after its pacing slot): the evidence that the batch kept to its pace.
    r.put("sentAt", c.sentAt().toString());
    if (c.lastSentAt() != null) {
      r.put("lastAttemptAt", c.lastSentAt().toString()); // after retries, each in its own slot
    }
    r.put("kmsRequests", c.requests());
    journal.record("result", actor, r);
    String step = stepOf(c.action());
    if (!c.key().open()) {
      return; // the key failed meanwhile (its HSM work); the result is on record, nothing follows
    }
    if (e != null) {
      failure.failed(c.key(), step, e);
      return;
    }
    try {
      c.then().accept(c.key(), c.value());
    } catch (RuntimeException check) {
      failure.failed(c.key(), step, check);
    }
  }

  /** A side effect on the coordinating thread (HSM work), write-ahead like the KMS calls. */
  <T> T now(
      BulkKey k,
      String step,
      String action,
      Map<String, Object> handle,
      Supplier<T> effect,
      Function<T, Map<String, Object>> facts) {
    long seq = intent(k, step, action, handle);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("intent", seq);
    r.put("action", action);
    r.put("key", k.n);
    T v;
    try {
      v = effect.get();
    } catch (RuntimeException e) {
      errorFacts(r, e);
      journal.record("result", actor, r);
      throw e;
    }
    r.put("status", SideEffects.DONE);
    r.putAll(facts.apply(v));
    journal.record("result", actor, r);
    return v;
  }

  private long intent(BulkKey k, String step, String action, Map<String, Object> handle) {
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("action", action);
    intent.put("step", step);
    intent.put("key", k.n);
    intent.put("handle", handle);
    return journal.record("intent", actor, intent);
  }

  private static void errorFacts(Map<String, Object> r, RuntimeException e) {
    boolean answered = e instanceof KmsException k && k.httpStatus() >= 400 && k.httpStatus() < 500;
    r.put("status", answered ? SideEffects.FAILED : SideEffects.UNKNOWN);
    r.put("error", Ceremony.causeCode(e));
    if (e instanceof KmsException k && k.requestId() != null) {
      r.put("requestId", k.requestId());
    }
  }

  static String stepOf(String action) {
    return switch (action) {
      case "kms:CreateKey", "kms:CreateAlias" -> "create-key";
      case "kms:GetParametersForImport" -> "parameters";
      case "hsm:generate" -> "hsm-prepare";
      default -> "wrap-import";
    };
  }

  /** Waits (bounded) for the calls in flight, recording each. */
  void finishInFlight(long maxMillis, Failure failure) {
    long end = System.nanoTime() + maxMillis * 1_000_000;
    while (inFlight > 0 && System.nanoTime() - end < 0) {
      drain(Math.max(1, end - System.nanoTime()), failure);
    }
  }

  /** The stop request came while the call waited for its slot: it was never made. */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled before its slot", null, false, false);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
