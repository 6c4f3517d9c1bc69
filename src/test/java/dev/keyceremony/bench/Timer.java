package dev.keyceremony.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Accumulates wall time spent inside calls, per category (hsm, kms) and per operation. */
final class Timer {
  final Map<String, Long> byOperation = new TreeMap<>();
  long hsmNanos;
  long kmsNanos;

  <T> T time(String category, String op, Supplier<T> call) {
    long t0 = System.nanoTime();
    try {
      return call.get();
    } finally {
      long d = System.nanoTime() - t0;
      if (category.equals("hsm")) {
        hsmNanos += d;
      } else {
        kmsNanos += d;
      }
      byOperation.merge(category + "." + op, d, Long::sum);
    }
  }

  void run(String category, String op, Runnable call) {
    time(
        category,
        op,
        () -> {
          call.run();
          return null;
        });
  }

  void reset() {
    byOperation.clear();
    hsmNanos = 0;
    kmsNanos = 0;
  }
}
