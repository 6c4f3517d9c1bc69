package dev.keyceremony.ceremony;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the coordinating thread of a batch spends its time: writing (and signing) transcript
 * entries, HSM work (generate, wrap), proofs, and waiting for KMS answers. Recorded in the sealed
 * entry, so a batch's figures say what bounded it.
 */
final class BulkTimings {
  long journalNanos;
  long entries;
  long hsmNanos;
  long proofNanos;
  long idleNanos;

  /** A journal that adds the time of every entry to {@link #journalNanos}. */
  Journal timed(Journal j) {
    return (type, actor, data) -> {
      long t0 = System.nanoTime();
      try {
        return j.record(type, actor, data);
      } finally {
        journalNanos += System.nanoTime() - t0;
        entries++;
      }
    };
  }

  Map<String, Object> data(long wallNanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wallMs", wallNanos / 1_000_000);
    m.put("transcriptMs", journalNanos / 1_000_000);
    m.put("transcriptEntries", entries);
    m.put("hsmMs", hsmNanos / 1_000_000);
    m.put("proofMs", proofNanos / 1_000_000);
    m.put("waitingForKmsMs", idleNanos / 1_000_000);
    return m;
  }
}
