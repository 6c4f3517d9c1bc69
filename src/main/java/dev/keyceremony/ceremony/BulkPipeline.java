package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.BulkScript;
import dev.keyceremony.ceremony.script.ExpirationSection;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.SecurityAttributes;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.hsm.WrappingKey;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.ImportMaterialRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The coordinating thread of a batch. Phase 1: CreateKey, CreateAlias and GetParametersForImport
 * are launched as their pacers allow, and between launches this thread generates and wraps in the
 * HSM (the HSM's work overlaps the waits for KMS). Then the witnesses confirm the digest of all
 * wrapping key fingerprints ({@link BulkConfirmation}); nothing is imported before. Phase 2:
 * ImportKeyMaterial paced, each key proven on this thread while the next imports are in flight.
 */
final class BulkPipeline {
  /** How long an idle loop waits for a call to finish before it looks again. */
  private static final long IDLE_WAIT_NANOS = 50_000_000L;

  /**
   * How many calls of one operation may be announced and not yet recorded: enough that a slot is
   * always reserved ahead while this thread writes entries and works in the HSM, and that slow
   * answers (a local KMS generating RSA key pairs) do not hold the next requests back.
   */
  static final int AHEAD_PARAMETERS = 10;

  static final int AHEAD_CREATE = 5;
  static final int AHEAD_IMPORT = 8;

  /** How long an interrupted batch waits for the calls in flight. */
  private static final long IN_FLIGHT_GRACE_MS = 30_000;

  private final BulkScript script;
  private final List<BulkKey> keys;
  private final BulkListener listener;
  private final CeremonyContext first;
  private final String actor;
  private final BulkLedger ledger;

  private final BulkTimings timings;

  BulkPipeline(
      BulkScript script,
      List<BulkKey> keys,
      BulkListener listener,
      BulkTimings timings,
      long started) {
    this.timings = timings;
    this.script = script;
    this.keys = keys;
    this.listener = listener;
    this.first = keys.get(0).ctx;
    this.actor = "operator:" + first.script().roles().operator();
    this.ledger = new BulkLedger(script, keys, listener, timings, started);
  }

  BulkOutcome run() {
    var pace = script.batch().pace();
    java.util.function.LongSupplier clock = System::nanoTime;
    BatchPacer create = new BatchPacer(pace.createKey(), clock);
    BatchPacer alias = new BatchPacer(pace.createAlias(), clock);
    BatchPacer params = new BatchPacer(pace.getParametersForImport(), clock);
    BatchPacer imports = new BatchPacer(pace.importKeyMaterial(), clock);
    try (BulkCalls calls =
        new BulkCalls(
            first.kms(), first.journal(), actor, first.control().stopRequested(), first.clock())) {
      listener.phase("keys, parameters, HSM wrap", keys.size());
      while (true) {
        calls.drain(0, ledger::fail);
        if (stopped()) {
          return stop(calls, "phase 1");
        }
        boolean did =
            launch(
                calls,
                "kms:GetParametersForImport",
                AHEAD_PARAMETERS,
                BulkKey::needsParameters,
                k -> parameters(calls, params, k));
        did |=
            launch(
                calls,
                "kms:CreateKey",
                AHEAD_CREATE,
                BulkKey::needsCreate,
                k -> createKey(calls, create, k));
        did |=
            launch(
                calls,
                "kms:CreateAlias",
                AHEAD_CREATE,
                BulkKey::needsAlias,
                k -> createAlias(calls, alias, k));
        did |= hsmWork(calls);
        if (calls.inFlight() == 0
            && keys.stream().allMatch(BulkKey::readyForConfirmation)
            && keys.stream().noneMatch(BulkKey::needsAlias)) {
          break;
        }
        if (!did) {
          long t0 = System.nanoTime();
          calls.drain(IDLE_WAIT_NANOS, ledger::fail);
          timings.idleNanos += System.nanoTime() - t0;
        }
      }
      if (ledger.halted()) {
        return ledger.seal(null);
      }
      listener.phase("witness confirmation", keys.size());
      new BulkConfirmation(first, keys, listener).confirm(ledger::fail);
      ledger.phase(2);
      listener.phase("imports and proofs", keys.size());
      while (true) {
        calls.drain(0, ledger::fail);
        if (stopped()) {
          return stop(calls, "phase 2");
        }
        boolean did =
            launch(
                calls,
                "kms:ImportKeyMaterial",
                AHEAD_IMPORT,
                BulkKey::needsImport,
                k -> importMaterial(calls, imports, k));
        BulkKey p = next(BulkKey::needsProof);
        if (p != null) {
          long t0 = System.nanoTime();
          prove(p);
          timings.proofNanos += System.nanoTime() - t0;
          did = true;
        }
        if (calls.inFlight() == 0
            && next(BulkKey::needsImport) == null
            && next(BulkKey::needsProof) == null) {
          break; // every key finished, or open keys that cannot go on: sealed as not done
        }
        if (!did) {
          long t0 = System.nanoTime();
          calls.drain(IDLE_WAIT_NANOS, ledger::fail);
          timings.idleNanos += System.nanoTime() - t0;
        }
      }
      return ledger.seal(null);
    }
  }

  private boolean stopped() {
    return ledger.halted() || first.control().stopRequested().getAsBoolean();
  }

  private BulkKey next(Predicate<BulkKey> p) {
    for (BulkKey k : keys) {
      if (p.test(k)) {
        return k;
      }
    }
    return null;
  }

  private boolean launch(
      BulkCalls calls,
      String action,
      int ahead,
      Predicate<BulkKey> wants,
      java.util.function.Consumer<BulkKey> start) {
    if (calls.outstanding(action) >= ahead) {
      return false;
    }
    BulkKey k = next(wants);
    if (k == null) {
      return false;
    }
    start.accept(k);
    return true;
  }

  private void createKey(BulkCalls calls, BatchPacer pacer, BulkKey k) {
    var c = k.ctx.script().key().create();
    Map<String, String> tags = new LinkedHashMap<>(c.tags());
    String tag = BulkCeremony.tagValue(k.ctx, k.n, script.batch());
    tags.put(BulkCeremony.TAG, tag);
    tags.put(CreateKeyStep.HSM_LABEL_TAG, k.ctx.script().material().label());
    CreateKeySpec spec =
        new CreateKeySpec(c.spec().name(), c.usage(), c.description(), tags, c.multiRegion());
    calls.submit(
        k,
        "create-key",
        "kms:CreateKey",
        Map.of("tag", Map.of("key", BulkCeremony.TAG, "value", tag), "keySpec", c.spec().name()),
        pacer,
        kms -> kms.createKey(spec),
        v -> Map.of("keyId", v.keyId(), "keyArn", v.arn(), "keyState", v.keyState()),
        (key, v) -> {
          key.st.key = v;
          key.st.keyCreatedHere = true;
          if (!"EXTERNAL".equals(v.origin())
              || !"PendingImport".equals(v.keyState())
              || !c.spec().name().equals(v.keySpec())) {
            throw new CeremonyFailure(
                FailCause.CREATE_KEY_UNEXPECTED,
                "CreateKey returned key "
                    + v.keyId()
                    + " with Origin "
                    + v.origin()
                    + ", KeyState "
                    + v.keyState()
                    + ", KeySpec "
                    + v.keySpec()
                    + "; expected EXTERNAL, PendingImport, "
                    + c.spec(),
                "check the KMS endpoint");
          }
          ledger.progress("created " + key.n);
        });
  }

  private void createAlias(BulkCalls calls, BatchPacer pacer, BulkKey k) {
    String name = k.alias();
    String keyId = k.st.keyId();
    calls.submit(
        k,
        "create-key",
        "kms:CreateAlias",
        Map.of("alias", name, "keyId", keyId),
        pacer,
        kms -> kms.createAlias(name, keyId),
        v -> Map.of(),
        (key, v) -> key.st.aliasCreated = true);
  }

  private void parameters(BulkCalls calls, BatchPacer pacer, BulkKey k) {
    var wks = first.script().wrapping().keySpec();
    String keyId = k.st.keyId();
    var alg = k.st.algorithm;
    calls.submit(
        k,
        "parameters",
        "kms:GetParametersForImport",
        Map.of("keyId", keyId, "algorithm", alg.name(), "wrappingKeySpec", wks.name()),
        pacer,
        kms -> kms.getParametersForImport(keyId, alg, wks),
        v ->
            Map.of(
                "wrappingKeySpkiSha256",
                Fingerprint.sha256Hex(v.publicKeySpki()),
                "importTokenSha256",
                Fingerprint.sha256Hex(v.importToken()),
                "parametersValidTo",
                String.valueOf(v.parametersValidTo())),
        (key, v) -> {
          ParametersStep.checkRsa(v.publicKeySpki(), wks.bits());
          key.st.parameters = v;
          key.st.fingerprint = Fingerprint.of(v.publicKeySpki());
          ledger.progress("parameters " + key.n);
        });
  }

  /** One piece of HSM work: a wrap if a key has its parameters, else a generate. */
  private boolean hsmWork(BulkCalls calls) {
    BulkKey w = next(BulkKey::needsWrap);
    BulkKey g = w == null ? next(BulkKey::needsGenerate) : null;
    BulkKey k = w != null ? w : g;
    if (k == null) {
      return false;
    }
    long t0 = System.nanoTime();
    try {
      if (w != null) {
        wrap(w);
      } else {
        generate(calls, g);
      }
    } catch (RuntimeException e) {
      ledger.fail(k, w != null ? "wrap-import" : "hsm-prepare", e);
    } finally {
      timings.hsmNanos += System.nanoTime() - t0;
    }
    return true;
  }

  private void generate(BulkCalls calls, BulkKey k) {
    String label = k.ctx.script().material().label();
    GenerateRequest request = new GenerateRequest(k.st.keySpec, label, false);
    k.st.target =
        calls.now(
            k,
            "hsm-prepare",
            "hsm:generate",
            Map.of(
                "label",
                label,
                "keySpec",
                k.st.keySpec.name(),
                "token",
                first.hsm().facts().label()),
            () -> first.hsm().generate(request),
            v -> Map.of("label", v.label(), "id", v.idHex()));
    k.st.materialGeneratedHere = true;
    SecurityAttributes a = first.hsm().securityAttributes(k.st.target);
    if (!Boolean.TRUE.equals(a.sensitive())) {
      throw new CeremonyFailure(
          FailCause.NOT_SENSITIVE,
          "HSM object '" + label + "' is not CKA_SENSITIVE" + " (reported " + a.sensitive() + ")",
          "generate new material; a non-sensitive key may" + " have left the token in clear");
    }
  }

  /**
   * Imports the wrapping key as a session object, wraps, destroys the session object. The
   * ciphertext stays in memory until the witnesses confirmed the digest; it is never sent before.
   */
  private void wrap(BulkKey k) {
    WrappingKey wk = first.hsm().importWrappingKey(k.st.parameters.publicKeySpki());
    WrapResult w;
    try {
      if (!wk.spkiSha256Hex().equals(k.st.fingerprint.hex())) {
        throw new CeremonyFailure(
            FailCause.WRAPPING_KEY_MISMATCH,
            "the token holds a wrapping key with"
                + " SHA-256 "
                + wk.spkiSha256Hex()
                + ", not "
                + k.st.fingerprint.hex(),
            "check the HSM adapter; nothing was wrapped");
      }
      w = first.hsm().wrap(k.st.target, wk, k.st.algorithm);
    } finally {
      first.hsm().destroy(wk);
    }
    byte[] ct = w.ciphertext();
    WrapCheck.verify(
        w,
        k.st.algorithm,
        k.st.keySpec,
        first.script().wrapping().keySpec(),
        "nothing was imported");
    k.ciphertext = ct;
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("algorithm", w.algorithm().name());
    d.put("mechanism", w.mechanism());
    d.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    d.put("wrappedMaterialLength", ct.length);
    d.put("wrapWarnings", w.warnings());
    d.put("wrappingKeySpkiSha256", k.st.fingerprint.hex());
    k.wrap = d;
    ledger.progress("wrapped " + k.n);
  }

  private void importMaterial(BulkCalls calls, BatchPacer pacer, BulkKey k) {
    ExpirationSection e = first.script().expiration();
    Instant now = first.clock().instant();
    k.st.validTo = e.validToAt(now);
    if (k.st.validTo != null
        && (!k.st.validTo.isAfter(now) || k.st.validTo.isAfter(now.plus(Duration.ofDays(365))))) {
      ledger.fail(
          k,
          "wrap-import",
          new CeremonyFailure(
              FailCause.VALID_TO,
              "expiration: ValidTo "
                  + k.st.validTo
                  + " is no longer in the future and within 365 days",
              "set a new expiration.valid-to"));
      return;
    }
    if (k.st.parameters.parametersValidTo() != null
        && !now.isBefore(k.st.parameters.parametersValidTo())) {
      ledger.fail(
          k,
          "wrap-import",
          new CeremonyFailure(
              FailCause.PARAMETERS_EXPIRED,
              "the import"
                  + " parameters expired at "
                  + k.st.parameters.parametersValidTo()
                  + " before the import",
              "continue with "
                  + first.control().resumeCommand()
                  + ": new parameters, a new"
                  + " confirmation"));
      return;
    }
    byte[] ct = k.ciphertext;
    String keyId = k.st.keyId();
    ImportMaterialRequest request =
        new ImportMaterialRequest(
            keyId, k.st.parameters.importToken(), ct, e.model(), k.st.validTo, null, null, null);
    Map<String, Object> handle = new LinkedHashMap<>();
    handle.put("keyId", keyId);
    handle.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    handle.put("importTokenSha256", Fingerprint.sha256Hex(k.st.parameters.importToken()));
    handle.put("hsmObject", Map.of("label", k.st.target.label(), "id", k.st.target.idHex()));
    handle.put("expirationModel", e.model());
    handle.put("validTo", k.st.validTo == null ? "none" : k.st.validTo.toString());
    handle.put(
        "check",
        "DescribeKey: KeyState Enabled (and CurrentKeyMaterialId) after the"
            + " import; PendingImport when it did not happen");
    calls.submit(
        k,
        "wrap-import",
        "kms:ImportKeyMaterial",
        handle,
        pacer,
        kms -> kms.importKeyMaterial(request),
        v -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("keyArn", v.keyArn());
          Records.putIf(m, "keyMaterialId", v.keyMaterialId());
          return m;
        },
        (key, v) -> {
          key.st.imported = v;
          key.ciphertext = null;
          ledger.progress("imported " + key.n);
        });
  }

  private void prove(BulkKey k) {
    RecordingKms rec = new RecordingKms(first.kms());
    Map<String, Object> proof = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    try {
      new ProveStep().run(k.ctx.withKms(rec), k.st, proof);
    } catch (RuntimeException e) {
      proof.put("kmsRequests", rec.drain());
      k.kmsRequests.put("prove", proof);
      ledger.fail(k, "prove", e);
      return;
    }
    proof.put("kmsRequests", rec.drain());
    proof.put("durationMs", (System.nanoTime() - t0) / 1_000_000);
    ledger.succeeded(k, proof);
  }

  /** Stop request or on-failure stop: the calls in flight finish and are recorded. */
  private BulkOutcome stop(BulkCalls calls, String where) {
    calls.finishInFlight(IN_FLIGHT_GRACE_MS, ledger::fail);
    if (ledger.halted()) {
      return ledger.seal(null);
    }
    return interrupted("stop requested (Ctrl-C or SIGTERM) in " + where, where);
  }

  BulkOutcome interrupted(String message, String inStep) {
    return ledger.interrupted(message, inStep);
  }

  BulkOutcome sealFailedEarly(String step, RuntimeException e) {
    return ledger.sealFailedEarly(step, e);
  }
}
