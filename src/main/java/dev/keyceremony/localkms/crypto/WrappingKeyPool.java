package dev.keyceremony.localkms.crypto;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fresh RSA wrapping key pairs for GetParametersForImport. RSA-4096 generation takes about a
 * second, so a small pool per size is kept full in the background, filled lazily after the first
 * request for that size (so idle servers and tests that never import do not burn CPU).
 */
public final class WrappingKeyPool implements AutoCloseable {
  private static final Map<String, Integer> CAPACITY =
      Map.of("RSA_2048", 3, "RSA_3072", 2, "RSA_4096", 1);
  private final Map<String, BlockingQueue<KeyPair>> pools = new ConcurrentHashMap<>();
  private final Map<String, AtomicBoolean> filling = new ConcurrentHashMap<>();
  private final ExecutorService filler;
  private final boolean enabled;

  public WrappingKeyPool(boolean enabled) {
    this.enabled = enabled;
    this.filler =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "localkms-wrapping-key-pool");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** A fresh key pair for the spec (RSA_2048, RSA_3072, RSA_4096): pooled if available. */
  public KeyPair take(String spec) {
    int bits = bits(spec);
    KeyPair kp = null;
    if (enabled) {
      kp = pools.computeIfAbsent(spec, s -> new ArrayBlockingQueue<>(CAPACITY.get(s))).poll();
      refill(spec);
    }
    return kp != null ? kp : generate(bits);
  }

  /** Number of ready pairs for a spec (for benchmarks and tests). */
  public int ready(String spec) {
    BlockingQueue<KeyPair> q = pools.get(spec);
    return q == null ? 0 : q.size();
  }

  /** Fills the pool for {@code spec} now (benchmark warm-up). */
  public void warm(String spec) {
    BlockingQueue<KeyPair> q =
        pools.computeIfAbsent(spec, s -> new ArrayBlockingQueue<>(CAPACITY.get(s)));
    while (q.remainingCapacity() > 0) {
      q.offer(generate(bits(spec)));
    }
  }

  private void refill(String spec) {
    AtomicBoolean busy = filling.computeIfAbsent(spec, s -> new AtomicBoolean());
    if (!busy.compareAndSet(false, true)) {
      return;
    }
    try {
      filler.execute(
          () -> {
            try {
              BlockingQueue<KeyPair> q = pools.get(spec);
              while (q.remainingCapacity() > 0 && !Thread.currentThread().isInterrupted()) {
                q.offer(generate(bits(spec)));
              }
            } finally {
              busy.set(false);
            }
          });
    } catch (RejectedExecutionException closed) {
      busy.set(false);
    }
  }

  private static int bits(String spec) {
    return switch (spec) {
      case "RSA_2048" -> 2048;
      case "RSA_3072" -> 3072;
      case "RSA_4096" -> 4096;
      default -> throw new IllegalArgumentException("not an RSA wrapping key spec: " + spec);
    };
  }

  static KeyPair generate(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("RSA key generation unavailable", e);
    }
  }

  @Override
  public void close() {
    filler.shutdownNow();
  }
}
