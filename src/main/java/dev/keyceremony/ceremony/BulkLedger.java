package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.BulkScript;
import dev.keyceremony.kms.KmsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each key of a batch ends and how the batch ends, in the transcript: a {@code batch.key} entry
 * per key (its proof, or its failure with what exists for it), the progress shown, and the {@code
 * ceremony.sealed} or {@code ceremony.interrupted} entry with the counts, one line per key and
 * where the coordinating thread spent its time. {@code on-failure: stop} halts the batch at the
 * first failing key.
 */
final class BulkLedger {
  private final BulkScript script;
  private final List<BulkKey> keys;
  private final BulkListener listener;
  private final CeremonyContext first;
  private final String actor;
  private final BulkTimings timings;
  private final long started;
  private boolean halted;
  private String haltReason;

  /** 1: keys, parameters and wraps; 2: imports and proofs (what the progress display counts). */
  private int phase = 1;

  BulkLedger(
      BulkScript script,
      List<BulkKey> keys,
      BulkListener listener,
      BulkTimings timings,
      long started) {
    this.script = script;
    this.keys = keys;
    this.listener = listener;
    this.first = keys.get(0).ctx;
    this.actor = "operator:" + first.script().roles().operator();
    this.timings = timings;
    this.started = started;
  }

  boolean halted() {
    return halted;
  }

  void phase(int p) {
    phase = p;
  }

  /** Key {@code k} is proven: its batch.key entry with the proof. */
  void succeeded(BulkKey k, Map<String, Object> proof) {
    Map<String, Object> d = keyData(k);
    d.put("outcome", "succeeded");
    d.put("proof", proof);
    first.journal().record("batch.key", actor, d);
    k.finished = true;
    k.succeeded = true;
    progress("proven " + k.n);
  }

  private Map<String, Object> keyData(BulkKey k) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("key", k.n);
    if (k.st.key != null) {
      d.put("keyId", k.st.key.keyId());
      d.put("keyArn", k.st.key.arn());
    }
    Records.putIf(d, "alias", k.st.aliasCreated ? k.alias() : null);
    if (k.st.target != null) {
      d.put("hsmObject", Map.of("label", k.st.target.label(), "id", k.st.target.idHex()));
    }
    if (k.st.imported != null) {
      Records.putIf(d, "keyMaterialId", k.st.imported.keyMaterialId());
    }
    if (k.st.algorithm != null) {
      d.put("algorithm", k.st.algorithm.name());
    }
    if (k.wrap != null) {
      d.put("wrap", k.wrap);
    }
    return d;
  }

  /** A key failed: its batch.key entry says where and why; the others go on unless told not to. */
  void fail(BulkKey k, String step, RuntimeException e) {
    if (!k.open()) {
      return;
    }
    Map<String, Object> d = keyData(k);
    d.put("outcome", "failed");
    d.put("step", step);
    d.put("cause", Ceremony.causeCode(e));
    d.put("message", e.getMessage());
    if (e instanceof CeremonyFailure f && f.fix() != null) {
      d.put("fix", f.fix());
    }
    if (e instanceof KmsException ke && ke.requestId() != null) {
      d.put("requestId", ke.requestId());
    }
    boolean retryable = Ceremony.retryable(e);
    d.put("retryable", retryable);
    d.put("exists", Inventory.of(k.ctx, k.st));
    if (k.kmsRequests.containsKey("prove")) {
      d.put("proof", k.kmsRequests.get("prove"));
    }
    d.put(
        "next",
        retryable
            ? first.control().resumeCommand() + " (continues this key)"
            : "this key stays failed; what it created is listed under exists");
    first.journal().record("batch.key", actor, d);
    k.finished = true;
    k.ciphertext = null;
    k.failure = step + ": " + Ceremony.causeCode(e) + ": " + e.getMessage();
    if (script.batch().stopOnFailure() && !halted) {
      halted = true;
      haltReason =
          "key " + k.n + " failed with " + Ceremony.causeCode(e) + " and batch.on-failure is stop";
    }
    progress("failed " + k.n);
  }

  void progress(String stage) {
    int done = 0;
    int failed = 0;
    for (BulkKey k : keys) {
      if (phase == 1 ? k.readyForConfirmation() : !k.open()) {
        done++;
      }
      if (!k.open()) {
        if (k.finished ? !k.succeeded : "failed".equals(k.finishedEarlier)) {
          failed++;
        }
      }
    }
    listener.progress(done, failed, keys.size(), stage);
  }

  BulkOutcome interrupted(String message, String inStep) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("inStep", inStep);
    d.put("message", message);
    d.put("sessionObjects", List.of("none: each wrapping key was destroyed after its wrap"));
    d.put("exists", exists());
    d.put("resume", first.control().resumeCommand());
    d.put("abandon", first.control().abandonCommand());
    first.journal().record("ceremony.interrupted", actor, d);
    return outcome("interrupted", message + "; continue with " + first.control().resumeCommand());
  }

  BulkOutcome sealFailedEarly(String step, RuntimeException e) {
    return seal(step + ": " + Ceremony.causeCode(e) + ": " + e.getMessage());
  }

  BulkOutcome seal(String earlyFailure) {
    BulkOutcome o =
        outcome(
            earlyFailure == null
                    && keys.stream()
                        .allMatch(k -> k.succeeded || "succeeded".equals(k.finishedEarlier))
                ? "succeeded"
                : "failed",
            earlyFailure != null ? earlyFailure : haltReason);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("outcome", o.status());
    d.put("keys", o.total());
    d.put("succeeded", o.succeeded());
    d.put("failed", o.failed());
    d.put("notDone", o.notDone());
    Records.putIf(d, "stoppedBecause", o.message());
    if (!o.failures().isEmpty()) {
      d.put("failures", o.failures());
    }
    List<Map<String, Object>> summary = new ArrayList<>();
    for (BulkKey k : keys) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", k.n);
      m.put(
          "outcome",
          k.finishedEarlier != null
              ? k.finishedEarlier + " (earlier run)"
              : k.succeeded ? "succeeded" : k.finished ? "failed" : "not done");
      if (k.st.key != null) {
        m.put("keyId", k.st.key.keyId());
      }
      summary.add(m);
    }
    d.put("perKey", summary);
    d.put("sessionObjects", List.of("none: each wrapping key was destroyed after its wrap"));
    if (!o.allSucceeded()) {
      d.put("exists", exists());
      d.put(
          "next",
          first.control().resumeCommand()
              + " continues the keys not done and those"
              + " whose failure another attempt may get past");
    }
    d.put("coordinator", timings.data(System.nanoTime() - started));
    d.put("kmsRequests", List.of());
    first.journal().record("ceremony.sealed", actor, d);
    return o;
  }

  private List<Map<String, Object>> exists() {
    List<Map<String, Object>> l = new ArrayList<>();
    for (BulkKey k : keys) {
      if (k.succeeded || k.finishedEarlier != null) {
        continue;
      }
      List<Map<String, Object>> inv = Inventory.of(k.ctx, k.st);
      if (!inv.isEmpty()) {
        l.add(Map.of("key", k.n, "exists", inv));
      }
    }
    return l;
  }

  private BulkOutcome outcome(String status, String message) {
    int ok = 0;
    int failed = 0;
    List<String> failures = new ArrayList<>();
    for (BulkKey k : keys) {
      if (k.succeeded || "succeeded".equals(k.finishedEarlier)) {
        ok++;
      } else if (k.finished || "failed".equals(k.finishedEarlier)) {
        failed++;
        failures.add(
            "key " + k.n + (k.failure != null ? " " + k.failure : " (failed in an earlier run)"));
      }
    }
    return new BulkOutcome(
        status, keys.size(), ok, failed, keys.size() - ok - failed, failures, message);
  }
}
