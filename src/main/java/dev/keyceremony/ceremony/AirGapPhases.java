package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.KeySection;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingRules;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrapProof;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.KmsTarget;
import dev.keyceremony.kms.RetryingKms;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The four phases of an air-gapped ceremony, built from the same steps as {@link Ceremony}: {@code
 * prepare} (online, no HSM: KMS preflight, approvals, CreateKey, GetParametersForImport), {@code
 * wrap} (offline, no KMS: HSM preflight, the witnesses' comparison, generate, wrap, the HSM's half
 * of the proofs), {@code import} (online: ImportKeyMaterial, KMS's half) and {@code seal} (offline:
 * the HSM re-checks KMS's answers; ceremony.sealed). Each step appends one entry (or an {@code
 * error} entry, and the phase stops); side effects get {@code intent}/{@code result}. Files and the
 * transcript's signing belong to the workflow.
 */
public final class AirGapPhases {
  /** How a phase ended; {@code outputs} carries values for the workflow (never recorded as is). */
  public record Result(
      boolean succeeded,
      String failedStep,
      String cause,
      String message,
      String fix,
      Map<String, Object> outputs) {}

  /** The values the witnesses wrote down in the online room (null: not typed in; compare live). */
  public record WrittenDown(String wrappingKeyFingerprint, String phaseDigest) {}

  private final CeremonyContext ctx;
  private final CeremonyState st = new CeremonyState();
  private final Map<String, Object> outputs = new LinkedHashMap<>();

  public AirGapPhases(CeremonyContext ctx) {
    this.ctx = ctx;
  }

  private interface Body {
    void run(Map<String, Object> data);
  }

  /** Runs one step: records step.NAME, or error and rethrows. */
  private void step(String name, Body body) {
    Map<String, Object> data = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    try {
      body.run(data);
    } catch (RuntimeException e) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("step", name);
      d.put("cause", Ceremony.causeCode(e));
      d.put("message", e.getMessage());
      if (e instanceof CeremonyFailure f && f.fix() != null) {
        d.put("fix", f.fix());
      }
      d.put("partial", data);
      d.put("retryable", Ceremony.retryable(e));
      d.put("durationMs", (System.nanoTime() - t0) / 1_000_000);
      ctx.journal().record("error", actor(), d);
      throw new StepFailed(name, e);
    }
    data.put("durationMs", (System.nanoTime() - t0) / 1_000_000);
    ctx.journal().record("step." + name, actor(), data);
  }

  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String step;

    StepFailed(String step, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.step = step;
    }
  }

  private Result run(Runnable phase) {
    try {
      phase.run();
      return new Result(true, null, null, null, null, outputs);
    } catch (StepFailed f) {
      RuntimeException e = (RuntimeException) f.getCause();
      return new Result(
          false,
          f.step,
          Ceremony.causeCode(e),
          e.getMessage(),
          e instanceof CeremonyFailure cf ? cf.fix() : null,
          outputs);
    } finally {
      if (st.wrappingKey != null) {
        try {
          ctx.hsm().destroy(st.wrappingKey);
        } catch (RuntimeException e) {
          // disappears with the session
        }
        st.wrappingKey = null;
      }
    }
  }

  private String actor() {
    return "operator:" + ctx.script().roles().operator();
  }

  // ---------------------------------------------------------------- prepare (online, no HSM)

  /** Outputs: parameters (ImportParameters), keyId, keyArn, fingerprint (Fingerprint). */
  public Result prepare() {
    return run(
        () -> {
          CeremonyScript s = ctx.script();
          Map<String, Object> opened = Opening.data(ctx);
          opened.put(
              "airGapped",
              "prepare (online) -> wrap (offline) -> import (online) -> seal"
                  + " (offline); the online phases load no PKCS#11 module, the offline phases open no"
                  + " network connection");
          ctx.journal().record("ceremony.opened", actor(), opened);
          step("preflight", d -> kmsPreflight(s, d));
          step(
              "approvals",
              d ->
                  new ApprovalStep(Plan.lines(s, st.algorithm, ctx.participants().mode()))
                      .run(ctx, st, d));
          if (s.key().creates() && st.key == null) {
            step("create-key", d -> new CreateKeyStep().run(ctx, st, d));
          }
          step("parameters", d -> parameters(d));
        });
  }

  private void kmsPreflight(CeremonyScript s, Map<String, Object> data) {
    data.put("phase", "prepare: the KMS side of preflight; the HSM side runs in wrap, offline");
    KmsTarget t = ctx.kms().target();
    Map<String, Object> kms = new LinkedHashMap<>();
    kms.put("region", t.region());
    Records.putIf(kms, "endpoint", t.endpoint());
    Records.putIf(kms, "profile", t.profile());
    PreflightStep.reachable(t, ctx);
    kms.put("reachable", true);
    data.put("kms", kms);
    KeySection key = s.key();
    if (key.creates()) {
      st.keySpec = key.create().spec();
      data.put(
          "key",
          Map.of("create", true, "keySpec", st.keySpec.name(), "keyUsage", key.create().usage()));
      st.aliasCreated =
          key.create().alias() != null
              && PreflightStep.aliasPointsAtKey(ctx, key.create().alias(), null);
      if (key.create().alias() != null) {
        data.put("alias", Map.of("name", key.create().alias(), "state", "free"));
      }
    } else {
      KeyInfo k = ctx.kms().describeKey(key.existing()).value();
      data.put("key", Records.key(k));
      kms.put("account", k.accountId());
      PreflightStep.checkExisting(s, k, key.existing(), false);
      st.key = k;
      st.keySpec = PreflightStep.spec(k);
      st.previousKeyMaterialId = k.currentKeyMaterialId();
    }
    st.algorithm =
        s.wrapping()
            .explicitAlgorithm()
            .orElseThrow(
                () ->
                    new CeremonyFailure(
                        FailCause.ALGORITHM_REQUIRED,
                        "wrapping.algorithm: auto cannot be resolved without the"
                            + " token, and"
                            + " an air-gapped ceremony's prepare phase has none",
                        "name the algorithm in the"
                            + " script, one that KMS allows for "
                            + st.keySpec
                            + ": "
                            + WrappingRules.allowedAlgorithms(st.keySpec, s.wrapping().keySpec())
                            + " (wrap checks that the token can do it, before anything is generated)"));
    Optional<String> why =
        WrappingRules.rejection(st.keySpec, st.algorithm, s.wrapping().keySpec());
    if (why.isPresent()) {
      throw new CeremonyFailure(
          FailCause.INCOMPATIBLE,
          "wrapping.algorithm: " + why.get(),
          "change wrapping.algorithm to one of "
              + WrappingRules.allowedAlgorithms(st.keySpec, s.wrapping().keySpec()));
    }
    data.put("algorithm", st.algorithm.name());
    data.put("wrappingKeySpec", s.wrapping().keySpec().name());
  }

  private void parameters(Map<String, Object> data) {
    var wks = ctx.script().wrapping().keySpec();
    String keyId = st.keyId();
    ImportParameters p =
        SideEffects.perform(
            ctx,
            "parameters",
            "kms:GetParametersForImport",
            Map.of("keyId", keyId, "algorithm", st.algorithm.name(), "wrappingKeySpec", wks.name()),
            () -> ctx.kms().getParametersForImport(keyId, st.algorithm, wks).value(),
            v ->
                Map.of(
                    "wrappingKeySpkiSha256",
                    Fingerprint.sha256Hex(v.publicKeySpki()),
                    "parametersValidTo",
                    String.valueOf(v.parametersValidTo())));
    data.put("keyId", keyId);
    data.put("keyArn", p.keyArn());
    data.put("keySpec", st.keySpec.name());
    data.put("algorithm", st.algorithm.name());
    data.put("wrappingKeySpec", wks.name());
    data.put("wrappingKeySpkiSha256", Fingerprint.sha256Hex(p.publicKeySpki()));
    data.put("importTokenSha256", Fingerprint.sha256Hex(p.importToken()));
    data.put("parametersValidTo", String.valueOf(p.parametersValidTo()));
    ParametersStep.checkRsa(p.publicKeySpki(), wks.bits());
    Fingerprint f = Fingerprint.of(p.publicKeySpki());
    data.put("fingerprintWords", f.wordsText());
    data.put("wordList", "BIP-39 English (24 words: SHA-256 + 8-bit checksum)");
    data.put(
        "witnesses",
        "write the fingerprint down; they compare it in wrap, offline, with"
            + " the one computed from the file that crossed the gap");
    outputs.put("parameters", p);
    outputs.put("keyId", keyId);
    outputs.put("fingerprint", f);
  }

  /**
   * {@code prepare --refresh}: new import parameters for the same key, algorithm and wrapping key
   * spec, after the old ones expired (or before they do). Outputs as {@link #prepare}.
   */
  public Result refresh(AirGapFacts f) {
    return run(
        () -> {
          st.keySpec = f.keySpec();
          st.algorithm = f.algorithm();
          step(
              "refresh",
              d -> {
                d.put("phase", "prepare --refresh: new import parameters; a new wrap is required");
                KeyInfo k = ctx.kms().describeKey(f.keyId()).value();
                d.put("key", Records.key(k));
                Map<String, Object> old = new LinkedHashMap<>();
                old.put(
                    "wrappingKeySpkiSha256", Fingerprint.sha256Hex(f.parameters().publicKeySpki()));
                old.put("importTokenSha256", Fingerprint.sha256Hex(f.parameters().importToken()));
                old.put("parametersValidTo", String.valueOf(f.parameters().parametersValidTo()));
                old.put(
                    "expired",
                    f.parameters().parametersValidTo() != null
                        && !ctx.clock().instant().isBefore(f.parameters().parametersValidTo()));
                d.put("supersededParameters", old);
                st.key = k;
              });
          step("parameters", this::parameters);
        });
  }

  // ---------------------------------------------------------------- wrap (offline, no KMS)

  /** Outputs: ciphertext (byte[]), target (TargetKey), hsmHalf (Map of String). */
  public Result wrap(AirGapFacts f, WrittenDown written, String prepareDigest) {
    return run(
        () -> {
          CeremonyScript s = ctx.script();
          st.keySpec = f.keySpec();
          st.parameters = f.parameters();
          st.key = null;
          st.fingerprint = Fingerprint.of(f.parameters().publicKeySpki());
          step("witness-check", d -> witnessCheck(written, prepareDigest, d));
          step("preflight", d -> hsmPreflight(s, f, d));
          step("hsm-prepare", d -> new HsmPrepareStep().run(ctx, st, d));
          step("wrap", d -> wrapInToken(d));
          step(
              "hsm-proofs",
              d -> {
                byte[] challenge = new byte[32];
                ctx.random().nextBytes(challenge);
                Map<String, String> half =
                    SplitProof.hsmHalf(ctx.hsm().evidence(), st.target, st, challenge);
                d.put("hsmObject", Map.of("label", st.target.label(), "id", st.target.idHex()));
                d.putAll(half);
                d.put(
                    "note",
                    "the HSM's HMAC crosses the gap only as its SHA-256 (a commitment);"
                        + " seal recomputes it in the HSM and compares it with KMS's");
                outputs.put("hsmHalf", half);
              });
        });
  }

  private void witnessCheck(WrittenDown w, String prepareDigest, Map<String, Object> data) {
    Fingerprint fp = st.fingerprint;
    data.put("wrappingKeySpkiSha256", fp.hex());
    data.put("fingerprintWords", fp.wordsText());
    data.put("computedFrom", "WrappingPublicKey.der in the bundle");
    data.put("prepareDigest", prepareDigest);
    compareWritten(
        w.wrappingKeyFingerprint(), fp, "the wrapping key fingerprint", data, "wrappingKeyTypedIn");
    compareWritten(
        w.phaseDigest(), digest(prepareDigest), "the prepare digest", data, "prepareDigestTypedIn");
    List<Acknowledgement> answers = ctx.participants().confirmations(ctx.script().roles(), fp);
    List<Object> recorded = new ArrayList<>();
    answers.forEach(a -> recorded.add(a.toData()));
    data.put("mode", ctx.participants().mode());
    data.put("confirmations", recorded);
    for (String name : ctx.script().roles().witnesses()) {
      if (answers.stream().noneMatch(a -> a.name().equals(name) && a.positive())) {
        throw new CeremonyFailure(
            FailCause.FINGERPRINT_MISMATCH,
            "witness "
                + name
                + " did not confirm"
                + " that the wrapping key fingerprint computed from the file ("
                + fp.hex()
                + ")"
                + " matches the one written down in prepare",
            "nothing was generated or wrapped;"
                + " the bundle may have been changed in transit: run prepare --refresh on the"
                + " online machine, or start a new ceremony");
      }
    }
  }

  /** A SHA-256 in hex as a fingerprint (hex and words) for reading aloud. */
  public static Fingerprint digest(String sha256Hex) {
    return new Fingerprint(
        sha256Hex, Fingerprint.bip39(java.util.HexFormat.of().parseHex(sha256Hex)));
  }

  private static void compareWritten(
      String typed, Fingerprint actual, String what, Map<String, Object> data, String key) {
    if (typed == null) {
      data.put(key, false);
      return;
    }
    String t = typed.trim().toLowerCase(java.util.Locale.ROOT);
    boolean hexEqual = t.replace(":", "").replace(" ", "").equals(actual.hex());
    boolean wordsEqual = String.join(" ", t.split("\\s+")).equals(actual.wordsText());
    data.put(key, true);
    data.put(key.replace("TypedIn", "Matches"), hexEqual || wordsEqual);
    if (!hexEqual && !wordsEqual) {
      throw new CeremonyFailure(
          FailCause.FINGERPRINT_MISMATCH,
          what
              + " written down in the online room"
              + " ("
              + typed.trim()
              + ") differs from the one computed from the bundle ("
              + actual.hex()
              + ")",
          "nothing was generated or wrapped; the bundle may have been"
              + " changed in transit: do not continue with it; run ./ceremony prepare --refresh"
              + " on the online machine or start a new ceremony");
    }
  }

  private void hsmPreflight(CeremonyScript s, AirGapFacts f, Map<String, Object> data) {
    data.put("phase", "wrap: the HSM side of preflight");
    data.put("token", Records.token(ctx.hsm().facts()));
    st.selfTest = ctx.hsm().selfTest(s.wrapping().keySpec());
    data.put("selfTest", Records.selfTest(st.selfTest));
    List<WrapProof> proofs = new ArrayList<>();
    List<WrapProof> obstacles = new ArrayList<>();
    try {
      st.algorithm =
          PreflightStep.algorithm(
              s,
              st.keySpec,
              st.selfTest,
              a ->
                  PreflightStep.prove(
                      ctx, st.keySpec, a, s.wrapping().keySpec(), proofs, obstacles));
    } catch (CeremonyFailure e) {
      throw obstacles.isEmpty() ? e : PreflightStep.trustedFailure(ctx, st.keySpec, obstacles, e);
    } finally {
      data.put("materialProofs", Records.wrapProofs(proofs));
    }
    if (st.algorithm != f.algorithm()) {
      throw new CeremonyFailure(
          FailCause.ALGORITHM_MISMATCH,
          "the token would wrap with "
              + st.algorithm
              + ", but prepare fetched parameters for "
              + f.algorithm(),
          "run prepare again");
    }
    data.put("algorithm", st.algorithm.name());
    if (f.materialLabel() != null) { // an earlier wrap of this ceremony got this far
      Optional<TargetKey> t = ctx.hsm().findTarget(f.materialLabel(), st.keySpec);
      if (t.isEmpty() || !t.get().idHex().equals(f.materialIdHex())) {
        throw new CeremonyFailure(
            FailCause.MATERIAL_NOT_FOUND,
            "the "
                + st.keySpec
                + " key labelled '"
                + f.materialLabel()
                + "' (CKA_ID "
                + f.materialIdHex()
                + ") that this ceremony"
                + " generated is no longer in token "
                + ctx.hsm().facts().label(),
            "check the token (./ceremony hsm list-keys); a ceremony never generates a second"
                + " material");
      }
      st.target = t.get();
      st.materialGeneratedHere = f.generatedByThisCeremony();
      data.put("material", Map.of("earlierWrap", f.materialLabel(), "id", f.materialIdHex()));
    } else {
      PreflightStep.checkMaterial(ctx, st, data);
    }
  }

  private void wrapInToken(Map<String, Object> data) {
    WrapResult w = ctx.hsm().wrap(st.target, st.wrappingKey, st.algorithm);
    byte[] ct = w.ciphertext();
    data.put("algorithm", w.algorithm().name());
    data.put("mechanism", w.mechanism());
    data.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    data.put("wrappedMaterialLength", ct.length);
    data.put("wrapWarnings", w.warnings());
    data.put(
        "hsmObject",
        Map.of(
            "label",
            st.target.label(),
            "id",
            st.target.idHex(),
            "generatedByThisCeremony",
            st.materialGeneratedHere));
    WrapCheck.verify(
        w, st.algorithm, st.keySpec, ctx.script().wrapping().keySpec(), "nothing was written");
    outputs.put("ciphertext", ct);
    outputs.put("target", st.target);
  }

  // ---------------------------------------------------------------- import (online, no HSM)

  /**
   * An ImportKeyMaterial that an earlier, interrupted run of the import phase made (its result
   * recorded, or reconciled from DescribeKey): it is not repeated.
   */
  public record EarlierImport(
      long intentSeq, String keyArn, String keyMaterialId, Instant validTo) {}

  /** Outputs: keyMaterialId (String, may be absent). */
  public Result importMaterial(AirGapFacts f, byte[] ciphertext) {
    return importMaterial(f, ciphertext, null);
  }

  /** As {@link #importMaterial(AirGapFacts, byte[])}; {@code earlier} null: not imported yet. */
  public Result importMaterial(AirGapFacts f, byte[] ciphertext, EarlierImport earlier) {
    return run(
        () -> {
          st.keySpec = f.keySpec();
          st.algorithm = f.algorithm();
          step(
              "import",
              d -> {
                if (earlier == null) {
                  importStep(f, ciphertext, d);
                } else {
                  d.put(
                      "earlierImport",
                      Map.of(
                          "intent",
                          earlier.intentSeq(),
                          "note",
                          "an earlier run"
                              + " of this phase imported the material (see its result entry); not repeated"));
                  d.put("keyArn", earlier.keyArn());
                  Records.putIf(d, "keyMaterialId", earlier.keyMaterialId());
                  d.put(
                      "validTo", earlier.validTo() == null ? "none" : earlier.validTo().toString());
                  outputs.put("keyArn", earlier.keyArn());
                  st.validTo = earlier.validTo();
                }
              });
          step("kms-proofs", d -> kmsProofs(f, d));
        });
  }

  private void importStep(AirGapFacts f, byte[] ct, Map<String, Object> data) {
    var e = ctx.script().expiration();
    Instant now = ctx.clock().instant();
    Instant validTo = e.validToAt(now);
    data.put("expirationModel", e.model());
    data.put("validTo", validTo == null ? "none" : validTo.toString());
    ImportMaterialRequest request =
        new ImportMaterialRequest(
            f.keyId(), f.parameters().importToken(), ct, e.model(), validTo, null, null, null);
    Map<String, Object> handle = new LinkedHashMap<>();
    handle.put("keyId", f.keyId());
    handle.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    handle.put("importTokenSha256", Fingerprint.sha256Hex(f.parameters().importToken()));
    handle.put("hsmObject", Map.of("label", f.materialLabel(), "id", f.materialIdHex()));
    handle.put("expirationModel", e.model());
    handle.put("validTo", validTo == null ? "none" : validTo.toString());
    handle.put(
        "check",
        "DescribeKey: KeyState Enabled (and CurrentKeyMaterialId) after the"
            + " import; PendingImport when it did not happen");
    try {
      ImportOutcome o =
          SideEffects.perform(
              ctx,
              "import",
              "kms:ImportKeyMaterial",
              handle,
              () -> ctx.kms().importKeyMaterial(request).value(),
              v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("keyArn", v.keyArn());
                Records.putIf(m, "keyMaterialId", v.keyMaterialId());
                return m;
              });
      data.put("keyArn", o.keyArn());
      Records.putIf(data, "keyMaterialId", o.keyMaterialId());
      outputs.put("keyArn", o.keyArn());
      Records.putIf(outputs, "keyMaterialId", o.keyMaterialId());
      st.validTo = validTo;
    } catch (KmsException ex) {
      if ("IncorrectKeyMaterialException".equals(ex.errorCode())) {
        throw CeremonyFailure.kmsRefused(
            ex,
            "KMS refused the material: HSM object '"
                + f.materialLabel()
                + "' is not the material first imported into key "
                + f.keyId()
                + " ("
                + ex.getMessage()
                + ")",
            "a reimport must use the original HSM object");
      }
      if ("ExpiredImportTokenException".equals(ex.errorCode())) {
        throw new CeremonyFailure(
            FailCause.PARAMETERS_EXPIRED,
            "KMS answered" + " ExpiredImportTokenException (request ID " + ex.requestId() + ")",
            "./ceremony prepare --refresh BUNDLE on this machine, then wrap again offline",
            ex.requestId(),
            ex);
      }
      throw ex;
    }
  }

  private void kmsProofs(AirGapFacts f, Map<String, Object> data) {
    KeyInfo k = ctx.kms().describeKey(f.keyId()).value();
    data.put("key", Records.key(k));
    String model = ctx.script().expiration().model();
    boolean stateOk = "Enabled".equals(k.keyState()) && k.enabled();
    boolean validToOk = ImportedKeyState.validToMatches(st.validTo, k.validTo());
    data.put("enabled", stateOk);
    data.put("expirationMatches", model.equals(k.expirationModel()) && validToOk);
    ImportedKeyState.require(
        stateOk,
        k.keyState(),
        model,
        k.expirationModel(),
        st.validTo,
        k.validTo(),
        "DescribeKey",
        "check the key in KMS before using it");
    Records.putIf(data, "keyMaterialId", k.currentKeyMaterialId());
    data.putAll(SplitProof.kmsHalf(ctx.kms(), f.keyId(), st, f.hsmHalf()));
  }

  // ---------------------------------------------------------------- seal (offline, no KMS)

  /** The HSM re-checks KMS's recorded answers; the workflow then writes ceremony.sealed. */
  public Result seal(AirGapFacts f) {
    return run(
        () -> {
          st.keySpec = f.keySpec();
          step(
              "prove",
              d -> {
                TargetKey t =
                    ctx.hsm()
                        .findTarget(f.materialLabel(), f.keySpec())
                        .filter(x -> x.idHex().equals(f.materialIdHex()))
                        .orElseThrow(
                            () ->
                                new CeremonyFailure(
                                    FailCause.MATERIAL_NOT_FOUND,
                                    "the "
                                        + f.keySpec()
                                        + " key labelled '"
                                        + f.materialLabel()
                                        + "' (CKA_ID "
                                        + f.materialIdHex()
                                        + ") that wrap used is not in token "
                                        + ctx.hsm().facts().label(),
                                    "seal on the machine and token that ran wrap"));
                d.put("hsmObject", Map.of("label", t.label(), "id", t.idHex()));
                d.putAll(SplitProof.recheck(ctx.hsm().evidence(), t, st, f.hsmHalf(), f.kmsHalf()));
              });
        });
  }

  /** For the workflow: KeySpec by name, with the script's error text. */
  public static KeySpec keySpec(String name) {
    return KeySpec.parse(name);
  }

  /** The tag on a key this tool created (for the bundle's report). */
  public static String ceremonyTag() {
    return RetryingKms.CEREMONY_TAG;
  }
}
