package dev.keyceremony.kms;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Retries transient KMS failures (throttling, HTTP 5xx, no answer at all) with capped exponential
 * backoff and full jitter, within a time budget per call; every other error fails at once. Each
 * retry is reported to an {@link Observer} (the ceremony records it in the transcript).
 *
 * <p>Calls that change something are retried only where a repeat cannot do harm: CreateKey is
 * retried after an error that may hide a created key (5xx, no answer) only after looking for a key
 * with the same ceremony tag ({@link #CEREMONY_TAG}), so a lost answer never makes a second key; an
 * ImportKeyMaterial repeat with the same material and token is accepted by KMS; a CreateAlias
 * repeat that finds the alias already pointing at the key counts as done.
 */
public final class RetryingKms implements Kms {
  /** The tag a ceremony puts on the keys it creates; its value is the ceremony ID. */
  public static final String CEREMONY_TAG = "kms-key-ceremony:ceremony-id";

  private static final Set<String> THROTTLING =
      Set.of(
          "ThrottlingException",
          "ThrottledException",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "RequestThrottled",
          "SlowDown");

  /** How long to keep trying one call, and the backoff's first and largest delay. */
  public record Policy(Duration budget, Duration base, Duration cap) {
    public Policy {
      Objects.requireNonNull(budget, "budget");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(cap, "cap");
      if (budget.isNegative() || base.isNegative() || cap.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "retry policy: budget and base must not be negative"
                + " and cap must be at least base (budget "
                + budget
                + ", base "
                + base
                + ", cap "
                + cap
                + ")");
      }
    }

    /** Three minutes per call, 200 ms first delay, 20 s largest delay. */
    public static Policy defaults() {
      return new Policy(Duration.ofMinutes(3), Duration.ofMillis(200), Duration.ofSeconds(20));
    }

    public static Policy withBudget(Duration budget) {
      Policy d = defaults();
      return new Policy(budget, d.base(), d.cap());
    }
  }

  /**
   * One retry: the failed attempt (1-based), its error and request ID, and the wait before the
   * next.
   */
  public record Retry(
      String operation,
      int attempt,
      String errorCode,
      String requestId,
      int httpStatus,
      long delayMillis) {}

  /** Told about each retry before its wait. */
  public interface Observer {
    void retrying(Retry retry);
  }

  /** Waits; a test passes one that only advances a clock. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Kms delegate;
  private final Policy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final BooleanSupplier stop;
  private volatile Observer observer = r -> {};

  /**
   * @param stop when it answers true no further retry is made (Ctrl-C): the last error is thrown
   */
  public RetryingKms(
      Kms delegate,
      Policy policy,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      BooleanSupplier stop) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.stop = Objects.requireNonNull(stop, "stop");
  }

  /** A retrying client with the real clock, {@link Thread#sleep} and a non-deterministic jitter. */
  public static RetryingKms of(Kms delegate, Policy policy, BooleanSupplier stop) {
    return new RetryingKms(
        delegate,
        policy,
        Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()),
        new java.security.SecureRandom(),
        stop);
  }

  public void observe(Observer o) {
    observer = Objects.requireNonNull(o, "observer");
  }

  public Policy policy() {
    return policy;
  }

  /** True for errors worth another attempt: throttling, a 5xx, or no answer from the service. */
  public static boolean transientError(KmsException e) {
    return THROTTLING.contains(e.errorCode())
        || e.httpStatus() >= 500
        || (e.httpStatus() == 0 && e.requestId() == null);
  }

  /** True when the request may have been carried out although it failed (5xx, no answer). */
  static boolean ambiguous(KmsException e) {
    return !THROTTLING.contains(e.errorCode()) && transientError(e);
  }

  private <T> Reply<T> retry(String op, Supplier<Reply<T>> call) {
    return retry(op, call, e -> null);
  }

  /**
   * @param beforeRetry asked after an error, before waiting: a non-null answer ends the call with
   *     it (the effect was found to have happened)
   */
  private <T> Reply<T> retry(
      String op,
      Supplier<Reply<T>> call,
      java.util.function.Function<KmsException, Reply<T>> beforeRetry) {
    Instant deadline = clock.instant().plus(policy.budget());
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        return call.get();
      } catch (KmsException e) {
        if (!transientError(e) || stop.getAsBoolean()) {
          throw e;
        }
        Reply<T> found = beforeRetry.apply(e);
        if (found != null) {
          return found;
        }
        long ceiling =
            Math.min(
                policy.cap().toMillis(), policy.base().toMillis() << Math.min(attempt - 1, 30));
        long delay = ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
        if (clock.instant().plusMillis(delay).isAfter(deadline)) {
          throw new KmsException(
              op,
              e.errorCode(),
              e.detail()
                  + " (gave up after "
                  + attempt
                  + " attempts within the retry budget of "
                  + policy.budget().toSeconds()
                  + " s)",
              e.requestId(),
              e.httpStatus());
        }
        observer.retrying(
            new Retry(op, attempt, e.errorCode(), e.requestId(), e.httpStatus(), delay));
        try {
          sleeper.sleep(Duration.ofMillis(delay));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public KmsTarget target() {
    return delegate.target();
  }

  /**
   * The reachability probe is not retried after a failure without an answer: an endpoint that
   * refuses connections should stop preflight at once, not after the retry budget.
   */
  @Override
  public Reply<List<String>> listKeyIds(int limit) {
    return retry(
        "ListKeys",
        () -> delegate.listKeyIds(limit),
        e -> {
          if (e.httpStatus() == 0) {
            throw e;
          }
          return null;
        });
  }

  @Override
  public Reply<KeyInfo> describeKey(String keyId) {
    return retry("DescribeKey", () -> delegate.describeKey(keyId));
  }

  @Override
  public Reply<KeyInfo> createKey(CreateKeySpec spec) {
    String tag = spec.tags().get(CEREMONY_TAG);
    return retry(
        "CreateKey",
        () -> delegate.createKey(spec),
        e -> {
          if (!ambiguous(e)) {
            return null;
          }
          if (tag == null) {
            throw e; // a repeat could make a second key, and nothing would find the first
          }
          List<String> ids = findKeyIdsByTag(CEREMONY_TAG, tag).value(); // each call retried
          if (ids.isEmpty()) {
            return null;
          }
          Reply<KeyInfo> k = retry("DescribeKey", () -> delegate.describeKey(ids.get(0)));
          return new Reply<>(k.value(), k.requestId());
        });
  }

  @Override
  public Reply<Void> createAlias(String aliasName, String keyId) {
    return retry(
        "CreateAlias",
        () -> {
          try {
            return delegate.createAlias(aliasName, keyId);
          } catch (KmsException e) {
            // A repeat of a call whose answer was lost: the alias is there and points at this key.
            if ("AlreadyExistsException".equals(e.errorCode())) {
              KeyInfo target = delegate.describeKey(aliasName).value();
              if (target.keyId().equals(keyId) || target.arn().endsWith(keyId)) {
                return new Reply<>(null, e.requestId());
              }
            }
            throw e;
          }
        });
  }

  @Override
  public Reply<Void> deleteAlias(String aliasName) {
    return retry("DeleteAlias", () -> delegate.deleteAlias(aliasName));
  }

  @Override
  public Reply<KeyPage> listKeysPage(String marker) {
    return retry("ListKeys", () -> delegate.listKeysPage(marker));
  }

  @Override
  public Reply<java.util.Map<String, String>> listResourceTags(String keyId) {
    return retry("ListResourceTags", () -> delegate.listResourceTags(keyId));
  }

  @Override
  public Reply<Instant> scheduleKeyDeletion(String keyId, int pendingWindowDays) {
    return retry(
        "ScheduleKeyDeletion", () -> delegate.scheduleKeyDeletion(keyId, pendingWindowDays));
  }

  @Override
  public Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    return retry(
        "GetParametersForImport",
        () -> delegate.getParametersForImport(keyId, algorithm, wrappingKeySpec));
  }

  @Override
  public Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest request) {
    return retry("ImportKeyMaterial", () -> delegate.importKeyMaterial(request));
  }

  @Override
  public Reply<Void> deleteImportedKeyMaterial(String keyId) {
    return retry("DeleteImportedKeyMaterial", () -> delegate.deleteImportedKeyMaterial(keyId));
  }

  @Override
  public Reply<List<String>> listAllKeyIds() {
    return retry("ListKeys", delegate::listAllKeyIds);
  }

  @Override
  public Reply<List<KeyMaterialInfo>> listKeyMaterials(String keyId) {
    return retry("ListKeyRotations", () -> delegate.listKeyMaterials(keyId));
  }

  /**
   * After an error that may hide a created replica (5xx, no answer), looks for the replica in its
   * Region before trying again, so that a lost answer never ends in AlreadyExistsException.
   */
  @Override
  public Reply<KeyInfo> replicateKey(
      String keyId, String replicaRegion, java.util.Map<String, String> tags) {
    return retry(
        "ReplicateKey",
        () -> delegate.replicateKey(keyId, replicaRegion, tags),
        e -> {
          if (!ambiguous(e)) {
            return null;
          }
          try (Kms r = delegate.inRegion(replicaRegion)) {
            return r.describeKey(keyId);
          } catch (KmsException notThere) {
            if ("NotFoundException".equals(notThere.errorCode())) {
              return null;
            }
            throw notThere;
          }
        });
  }

  @Override
  public Kms inRegion(String region) {
    RetryingKms r =
        new RetryingKms(delegate.inRegion(region), policy, clock, sleeper, random, stop);
    r.observer = observer;
    return r;
  }

  /** Retried: a repeat after a lost answer finds nothing pending and fails, never rotates twice. */
  @Override
  public Reply<Void> rotateKeyOnDemand(String keyId) {
    return retry("RotateKeyOnDemand", () -> delegate.rotateKeyOnDemand(keyId));
  }

  @Override
  public Reply<byte[]> generateMac(String keyId, String macAlgorithm, byte[] message) {
    return retry("GenerateMac", () -> delegate.generateMac(keyId, macAlgorithm, message));
  }

  @Override
  public Reply<byte[]> getPublicKey(String keyId) {
    return retry("GetPublicKey", () -> delegate.getPublicKey(keyId));
  }

  @Override
  public Reply<byte[]> sign(String keyId, String signingAlgorithm, byte[] message) {
    return retry("Sign", () -> delegate.sign(keyId, signingAlgorithm, message));
  }

  @Override
  public Reply<byte[]> encrypt(String keyId, byte[] plaintext) {
    return retry("Encrypt", () -> delegate.encrypt(keyId, plaintext));
  }

  @Override
  public Reply<byte[]> decrypt(String keyId, byte[] ciphertext) {
    return retry("Decrypt", () -> delegate.decrypt(keyId, ciphertext));
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "RetryingKms[" + delegate.target() + ", budget " + policy.budget() + "]";
  }
}
