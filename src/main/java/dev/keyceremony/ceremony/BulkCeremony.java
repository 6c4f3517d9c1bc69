package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.BatchSection;
import dev.keyceremony.ceremony.script.BulkScript;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.RetryingKms;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch: many keys in one ceremony, one transcript. Preflight, the custodians' approval and the
 * witnesses' confirmation happen once; each key goes through CreateKey (and its alias),
 * GetParametersForImport, HSM generate and wrap, then, after the witnesses confirmed the digest of
 * all wrapping key fingerprints, ImportKeyMaterial and its proof. KMS calls are paced per operation
 * ({@code batch.pace}) and run on worker threads while this thread does the HSM's work and writes
 * the transcript ({@link BulkPipeline}). Every key ends with a {@code batch.key} entry (its proof,
 * or why it failed); a failing key stops the others only with {@code on-failure: stop}.
 */
public final class BulkCeremony {
  private final BulkScript script;
  private final CeremonyContext first;
  private final BulkResumption resumption;
  private final BulkListener listener;
  private final List<BulkKey> keys = new ArrayList<>();
  private final BulkTimings timings = new BulkTimings();
  private final long started = System.nanoTime();

  /**
   * @param ctx the context of key 1 (HSM session, KMS client, journal, participants, control); the
   *     other keys share all of it but their script
   */
  public BulkCeremony(
      BulkScript script, CeremonyContext ctx, BulkResumption resumption, BulkListener listener) {
    this.script = script;
    this.resumption = resumption;
    this.listener = listener;
    dev.keyceremony.ceremony.Journal journal = timings.timed(ctx.journal());
    for (int n = 1; n <= script.batch().count(); n++) {
      CeremonyScript s = script.keys().get(n - 1);
      CeremonyControl c =
          new CeremonyControl(
              ctx.control().ceremonyId(),
              ctx.control().bundle(),
              ctx.control().stopRequested(),
              resumption.resuming()
                  ? BulkResumption.single(resumption.approved(), resumption.key(n))
                  : Resumption.NONE);
      keys.add(
          new BulkKey(
              n,
              new CeremonyContext(
                  s,
                  ctx.hsm(),
                  ctx.kms(),
                  journal,
                  ctx.participants(),
                  ctx.clock(),
                  ctx.random(),
                  ctx.pinReader(),
                  ctx.environment(),
                  c)));
    }
    this.first = keys.get(0).ctx;
  }

  /** The value of the ceremony tag on key {@code n}'s KMS key: the ceremony ID and the number. */
  static String tagValue(CeremonyContext ctx, int n, BatchSection b) {
    return ctx.control().ceremonyId() + "#" + b.number(n);
  }

  public BulkOutcome run() {
    String actor = "operator:" + first.script().roles().operator();
    if (!resumption.resuming()) {
      Map<String, Object> d = Opening.data(first);
      d.put("batch", batchData());
      first.journal().record("ceremony.opened", actor, d);
    }
    BulkKey k1 = keys.get(0);
    Map<String, Object> data = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    String step = "preflight";
    RecordingKms rec = new RecordingKms(first.kms());
    try {
      if (first.control().stopRequested().getAsBoolean()) {
        throw new CeremonyInterrupted("before step preflight");
      }
      new PreflightStep().run(first.withKms(rec), k1.st, data);
      data.put("batch", preflightOthers());
      data.put("kmsRequests", rec.drain());
      finish(data, t0);
      first.journal().record("step.preflight", actor, data);
      if (!resumption.approved()) {
        step = "approvals";
        data = new LinkedHashMap<>();
        t0 = System.nanoTime();
        List<String> plan =
            new ArrayList<>(
                Plan.lines(first.script(), k1.st.algorithm, first.participants().mode()));
        plan.add(
            0,
            "BATCH of "
                + keys.size()
                + " keys: each one as below, with {n} = "
                + script.batch().number(1)
                + " to "
                + script.batch().number(keys.size())
                + "; one witness confirmation over the digest of all wrapping key fingerprints;"
                + " on a failing key: "
                + (script.batch().stopOnFailure() ? "stop" : "continue"));
        new ApprovalStep(plan).run(first.withKms(rec), k1.st, data);
        data.put("kmsRequests", rec.drain());
        finish(data, t0);
        first
            .journal()
            .record(
                "step.approvals",
                "custodians:" + String.join(",", first.script().roles().custodians()),
                data);
      }
    } catch (CeremonyInterrupted e) {
      return new BulkPipeline(script, keys, listener, timings, started)
          .interrupted(e.getMessage(), "preflight");
    } catch (RuntimeException e) {
      data.put("kmsRequests", rec.drain());
      finish(data, t0);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("step", step);
      d.put("cause", Ceremony.causeCode(e));
      d.put("message", e.getMessage());
      if (e instanceof CeremonyFailure f && f.fix() != null) {
        d.put("fix", f.fix());
      }
      boolean retryable = Ceremony.retryable(e);
      d.put("retryable", retryable);
      d.put("kmsRequests", data.remove("kmsRequests"));
      d.put("partial", data);
      d.put(
          "next",
          retryable
              ? first.control().resumeCommand()
              : resumption.resuming()
                  ? first.control().abandonCommand()
                  : "nothing to undo: no key of the batch was created yet");
      first.journal().record("error", actor, d);
      return new BulkPipeline(script, keys, listener, timings, started).sealFailedEarly(step, e);
    }
    for (BulkKey k : keys.subList(1, keys.size())) {
      k.st.keySpec = k1.st.keySpec;
      k.st.algorithm = k1.st.algorithm;
      k.st.selfTest = k1.st.selfTest;
    }
    return new BulkPipeline(script, keys, listener, timings, started).run();
  }

  private Map<String, Object> batchData() {
    BatchSection b = script.batch();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("count", b.count());
    d.put("onFailure", b.stopOnFailure() ? "stop" : "continue");
    d.put(
        "pace",
        Map.of(
            "createKey",
            b.pace().createKey(),
            "createAlias",
            b.pace().createAlias(),
            "getParametersForImport",
            b.pace().getParametersForImport(),
            "importKeyMaterial",
            b.pace().importKeyMaterial(),
            "headroom",
            BatchPacer.HEADROOM));
    d.put("firstAlias", String.valueOf(first.script().key().create().alias()));
    d.put("firstLabel", first.script().material().label());
    return d;
  }

  /**
   * The read-only checks preflight made for key 1, for every other key: its alias is free (or
   * points at its own key, after a restart), its label is new (or names the object this ceremony
   * generated); a key created or generated earlier is still there.
   */
  private Map<String, Object> preflightOthers() {
    Set<String> labels = new HashSet<>();
    for (var o : first.hsm().listObjects()) {
      labels.add(o.label());
    }
    int resumed = 0;
    int finishedEarlier = 0;
    for (BulkKey k : keys) {
      BulkResumption.Key r = resumption.key(k.n);
      if (r.finished() != null) {
        k.finishedEarlier = r.finished();
        finishedEarlier++;
        continue;
      }
      if (k.n == 1) {
        continue; // PreflightStep checked it
      }
      k.st.keySpec = keys.get(0).st.keySpec;
      if (r.keyId() != null) {
        resumed++;
        KeyInfo info = k.ctx.kms().describeKey(r.keyId()).value();
        k.st.key = info;
        k.st.keyCreatedHere = true;
        if (r.imported()) {
          k.st.imported =
              new dev.keyceremony.kms.ImportOutcome(
                  info.arn(),
                  r.keyMaterialId() != null ? r.keyMaterialId() : info.currentKeyMaterialId());
          k.st.validTo = r.importedValidTo();
        }
      }
      if (k.alias() != null) {
        k.st.aliasCreated = PreflightStep.aliasPointsAtKey(k.ctx, k.alias(), k.st.key);
      }
      if (r.materialLabel() != null) {
        PreflightStep.checkMaterial(k.ctx, k.st, new LinkedHashMap<>());
      } else if (labels.contains(k.ctx.script().material().label())) {
        throw new CeremonyFailure(
            FailCause.LABEL_EXISTS,
            "material.generate: the token already has an"
                + " object labelled '"
                + k.ctx.script().material().label()
                + "' (key "
                + k.n
                + " of the batch)",
            "choose a new label pattern (e.g. bulk-{run}-{n})");
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("keys", keys.size());
    d.put(
        "checked",
        "alias free and HSM label new for every key"
            + (resumed > 0 ? "; " + resumed + " keys created earlier found" : ""));
    d.put("finishedEarlier", finishedEarlier);
    return d;
  }

  private static void finish(Map<String, Object> data, long t0) {
    data.putIfAbsent("kmsRequests", List.of());
    data.put("durationMs", (System.nanoTime() - t0) / 1_000_000);
  }

  /** The tag every key of the batch carries (its value: {@link #tagValue}). */
  static final String TAG = RetryingKms.CEREMONY_TAG;
}
