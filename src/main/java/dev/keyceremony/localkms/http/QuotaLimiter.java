package dev.keyceremony.localkms.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS's request quotas for the import operations (requests per second, per account and Region):
 * GetParametersForImport 1, ImportKeyMaterial 15, DeleteImportedKeyMaterial 15. Token buckets over
 * real (monotonic) time, bucket size equal to the rate.
 */
public final class QuotaLimiter {
  private static final Map<String, Double> RATES =
      Map.of(
          "GetParametersForImport", 1.0,
          "ImportKeyMaterial", 15.0,
          "DeleteImportedKeyMaterial", 15.0);
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Throws ThrottlingException if the operation's quota is exhausted. */
  public void acquire(String account, String region, String operation) {
    Double rate = RATES.get(operation);
    if (rate == null) {
      return;
    }
    Bucket b =
        buckets.computeIfAbsent(account + "|" + region + "|" + operation, k -> new Bucket(rate));
    if (!b.tryTake()) {
      throw Faults.throttled();
    }
  }

  private static final class Bucket {
    private final double rate;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double rate) {
      this.rate = rate;
      this.tokens = rate;
    }

    synchronized boolean tryTake() {
      long now = System.nanoTime();
      tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
