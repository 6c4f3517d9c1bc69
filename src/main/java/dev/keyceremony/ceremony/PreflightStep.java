package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.KeySection;
import dev.keyceremony.ceremony.script.Usage;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import dev.keyceremony.hsm.AutoAlgorithm;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrapProof;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.KmsTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-only checks before anything is changed: token facts and the mechanism self-test; KMS
 * reachability and the caller's account; the target key (Origin EXTERNAL, a state that allows the
 * import); the wrapping algorithm (allowed by KMS for the spec and proven by the self-test); the
 * HSM label (new for generate, present for a reimport). {@code plan} runs exactly this.
 */
final class PreflightStep implements Step {
  @Override
  public String name() {
    return "preflight";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    CeremonyScript s = ctx.script();
    data.put("token", Records.token(ctx.hsm().facts()));
    st.selfTest = ctx.hsm().selfTest(s.wrapping().keySpec());
    data.put("selfTest", Records.selfTest(st.selfTest));

    if (s.hsm().trusted()) {
      Optional<String> noTrust = ctx.hsm().trustedModeObstacle();
      if (noTrust.isPresent()) {
        throw new CeremonyFailure(
            FailCause.TRUSTED_MODE,
            "hsm.so-pin asks for trusted mode, but " + noTrust.get(),
            "remove hsm.so-pin to run without trusted mode on this token, or use"
                + " an HSM whose Security Officer can create CKA_TRUSTED keys");
      }
    }

    KmsTarget t = ctx.kms().target();
    Map<String, Object> kms = new LinkedHashMap<>();
    kms.put("region", t.region());
    Records.putIf(kms, "endpoint", t.endpoint());
    Records.putIf(kms, "profile", t.profile());
    reachable(t, ctx);
    kms.put("reachable", true);
    data.put("kms", kms);

    KeySection key = s.key();
    Resumption r = ctx.control().resumption();
    String alias = key.creates() ? key.create().alias() : null;
    if (key.creates() && r.keyId() == null) {
      st.keySpec = key.create().spec();
      data.put(
          "key",
          Map.of("create", true, "keySpec", st.keySpec.name(), "keyUsage", key.create().usage()));
    } else {
      String id = key.creates() ? r.keyId() : key.existing();
      KeyInfo k = ctx.kms().describeKey(id).value();
      data.put("key", Records.key(k));
      kms.put("account", k.accountId());
      if (key.rotates()) {
        RotationChecks.preflight(ctx, k, r.imported(), data);
      } else {
        checkExisting(s, k, id, r.imported());
      }
      st.key = k;
      st.keyCreatedHere = key.creates();
      st.previousKeyMaterialId =
          ctx.control().resuming() ? r.previousKeyMaterialId() : k.currentKeyMaterialId();
      st.keySpec = spec(k);
      if (r.imported()) {
        st.imported =
            new ImportOutcome(
                k.arn(), r.keyMaterialId() != null ? r.keyMaterialId() : k.currentKeyMaterialId());
        st.validTo = r.importedValidTo();
      }
    }
    if (alias != null) {
      st.aliasCreated = aliasPointsAtKey(ctx, alias, st.key);
      data.put(
          "alias",
          Map.of(
              "name",
              alias,
              "state",
              st.aliasCreated ? "exists and points at key " + st.key.keyId() : "free"));
    }
    List<WrapProof> proofs = new ArrayList<>();
    List<WrapProof> trustedObstacles = new ArrayList<>();
    try {
      st.algorithm =
          algorithm(
              s,
              st.keySpec,
              st.selfTest,
              a -> prove(ctx, st.keySpec, a, s.wrapping().keySpec(), proofs, trustedObstacles));
    } catch (CeremonyFailure f) {
      throw trustedObstacles.isEmpty() ? f : trustedFailure(ctx, st.keySpec, trustedObstacles, f);
    } finally {
      @SuppressWarnings("unchecked")
      Map<String, Object> selfTest = (Map<String, Object>) data.get("selfTest");
      selfTest.put("materialProofs", Records.wrapProofs(proofs));
    }
    data.put("algorithm", st.algorithm.name());
    data.put("algorithmChosen", s.wrapping().algorithm() == null ? "auto" : "script");
    data.put("wrappingKeySpec", s.wrapping().keySpec().name());
    checkMaterial(ctx, st, data);
    data.put("trustedMode", s.hsm().trusted());
  }

  /**
   * The first KMS call. No HTTP answer at all (httpStatus 0: refused, unknown host, timeout) means
   * the script's kms section points nowhere usable: the fix names that section, not the AWS CLI's
   * options that the SDK adapter's message mentions.
   */
  static void reachable(KmsTarget t, CeremonyContext ctx) {
    try {
      ctx.kms().listKeyIds(1);
    } catch (KmsException e) {
      if (e.httpStatus() != 0 || e.requestId() != null) {
        throw e;
      }
      throw new CeremonyFailure(
          FailCause.KMS_UNREACHABLE,
          "kms: no answer from KMS at "
              + (t.endpoint() != null ? t.endpoint() : "region " + t.region())
              + ": "
              + e.getMessage(),
          t.endpoint() != null
              ? "check kms.endpoint ("
                  + t.endpoint()
                  + "): start the local KMS there"
                  + " (./ceremony local-kms) or correct the URL, then run again; nothing was"
                  + " changed in KMS"
              : "check kms.region ("
                  + t.region()
                  + ") and this machine's network access"
                  + " (proxy, firewall) to KMS, then run again; nothing was changed in KMS",
          null,
          e);
    }
  }

  /**
   * The alias must be free, or (a resumed ceremony whose CreateAlias answer was lost) already point
   * at this ceremony's key: checked before any side effect, so that {@code run} never creates a key
   * and then fails on AlreadyExistsException.
   */
  static boolean aliasPointsAtKey(CeremonyContext ctx, String alias, KeyInfo ours) {
    KeyInfo target;
    try {
      target = ctx.kms().describeKey(alias).value();
    } catch (KmsException e) {
      if ("NotFoundException".equals(e.errorCode())) {
        return false;
      }
      throw e;
    }
    if (ours != null && ours.keyId().equals(target.keyId())) {
      return true;
    }
    throw new CeremonyFailure(
        FailCause.ALIAS_EXISTS,
        "key.create.alias: the alias "
            + alias
            + " already exists and points at key "
            + target.keyId(),
        "choose another alias (e.g. add"
            + " {run}), or delete the old one: ./ceremony kms delete-alias --alias-name "
            + alias);
  }

  static void checkExisting(CeremonyScript s, KeyInfo k, String id, boolean imported) {
    if (!"EXTERNAL".equals(k.origin())) {
      throw new CeremonyFailure(
          FailCause.NOT_EXTERNAL,
          "key.existing: key "
              + id
              + " has Origin "
              + k.origin()
              + "; only a key created with Origin EXTERNAL accepts imported material",
          "create one with key.create (the ceremony creates it with Origin EXTERNAL) or name an"
              + " EXTERNAL key");
    }
    String state = k.keyState();
    boolean reimport = !s.material().generate();
    if ("PendingImport".equals(state)) {
      return;
    }
    if ("Enabled".equals(state) && (reimport || imported)) {
      return;
    }
    if ("Enabled".equals(state)) {
      throw new CeremonyFailure(
          FailCause.KEY_HAS_MATERIAL,
          "key.existing: key "
              + id
              + " is Enabled and"
              + " already holds key material; KMS accepts only that same material again",
          "to reimport, use material.existing with the HSM label of the original material; for"
              + " new material, create a new key");
    }
    throw new CeremonyFailure(
        FailCause.KEY_STATE,
        "key.existing: key "
            + id
            + " is in state "
            + state
            + ", which does not allow an import; allowed: PendingImport, or Enabled for a"
            + " same-material reimport",
        "enable the key or cancel its deletion first, or use" + " another key");
  }

  static KeySpec spec(KeyInfo k) {
    try {
      KeySpec spec = KeySpec.parse(k.keySpec());
      String usage = Usage.forSpec(spec);
      if (!usage.equals(k.keyUsage())) {
        throw new CeremonyFailure(
            FailCause.USAGE,
            "key.existing: key "
                + k.keyId()
                + " has KeyUsage "
                + k.keyUsage()
                + "; this tool can prove an import only for "
                + usage
                + " with "
                + spec,
            "use a key with KeyUsage " + usage);
      }
      return spec;
    } catch (IllegalArgumentException e) {
      throw new CeremonyFailure(
          FailCause.SPEC,
          "key.existing: key "
              + k.keyId()
              + " has KeySpec "
              + k.keySpec()
              + ", which cannot be imported; allowed: "
              + KeySpec.allowedNames(),
          "use a key of an importable spec");
    }
  }

  /**
   * Trusted mode: the material is wrap-with-trusted, and a token may wrap it only with some
   * algorithms (e.g. a composed RSA_AES wrap goes through a key that cannot be trusted). A trial
   * wrap cannot see this (its throwaway object is not wrap-with-trusted) and the real wrap would
   * find it only after CreateKey, so the HSM is asked first and such an algorithm counts as a
   * failed proof. When no algorithm is left, this names trusted mode as the cause.
   */
  static WrapProof prove(
      CeremonyContext ctx,
      KeySpec spec,
      WrappingAlgorithm a,
      WrappingKeySpec wks,
      List<WrapProof> proofs,
      List<WrapProof> trustedObstacles) {
    WrapProof p =
        new AutoAlgorithm.Trial(ctx.hsm(), wks, ctx.script().hsm().trusted())
            .prove(spec, a, trustedObstacles::add);
    proofs.add(p);
    return p;
  }

  static CeremonyFailure trustedFailure(
      CeremonyContext ctx, KeySpec spec, List<WrapProof> obstacles, CeremonyFailure f) {
    String names = String.join(" or ", obstacles.stream().map(p -> p.algorithm().name()).toList());
    return new CeremonyFailure(
        FailCause.TRUSTED_MODE,
        "hsm.so-pin: trusted mode leaves no wrapping"
            + " algorithm for "
            + spec
            + " material on token "
            + ctx.hsm().facts().label()
            + ": "
            + names
            + " cannot wrap wrap-with-trusted material there ("
            + f.getMessage()
            + ")",
        "use a token that does "
            + names
            + " natively, in one mechanism under the"
            + " trusted key, or "
            + (spec.isKeyPair()
                ? "drop trusted mode for key pairs: remove hsm.so-pin"
                : "remove hsm.so-pin, or use wrapping.algorithm: auto or an RSAES_OAEP one"));
  }

  /**
   * The algorithm: allowed by KMS for the spec, passed the token's self-test, and proven by a trial
   * wrap of a throwaway session object of the same kind ({@code prover}), so that a wrap the token
   * cannot do for this material stops the ceremony before CreateKey.
   */
  static WrappingAlgorithm algorithm(
      CeremonyScript s,
      KeySpec spec,
      SelfTestReport st,
      Function<WrappingAlgorithm, WrapProof> prover) {
    Optional<WrappingAlgorithm> explicit = s.wrapping().explicitAlgorithm();
    if (explicit.isEmpty()) {
      List<WrapProof> tried = new ArrayList<>();
      Optional<WrappingAlgorithm> auto =
          AutoAlgorithm.choose(
              spec,
              st,
              a -> {
                WrapProof p = prover.apply(a);
                tried.add(p);
                return p;
              });
      if (auto.isPresent()) {
        return auto.get();
      }
      throw new CeremonyFailure(
          FailCause.SELF_TEST,
          "wrapping.algorithm: auto found no algorithm that KMS allows for "
              + spec
              + " with a "
              + s.wrapping().keySpec()
              + " wrapping key ("
              + WrappingRules.allowedAlgorithms(spec, s.wrapping().keySpec())
              + ") and that passed the token's self-test and a trial wrap of "
              + spec
              + " material: "
              + failures(st)
              + proofFailures(tried),
          "use a token that supports one of them");
    }
    return explicit(
        "wrapping.algorithm",
        explicit.get(),
        spec,
        s.wrapping().keySpec(),
        st,
        prover,
        "use auto, or ");
  }

  /**
   * An algorithm the operator named ({@code field}): allowed by KMS for the spec, passed the
   * token's self-test, and proven by a trial wrap ({@code prover}). {@code orAuto} starts the fixes
   * ("use auto, or " where auto exists, else "use ").
   */
  static WrappingAlgorithm explicit(
      String field,
      WrappingAlgorithm a,
      KeySpec spec,
      WrappingKeySpec wks,
      SelfTestReport st,
      Function<WrappingAlgorithm, WrapProof> prover,
      String orAuto) {
    Optional<String> why = WrappingRules.rejection(spec, a, wks);
    if (why.isPresent()) {
      throw new CeremonyFailure(
          FailCause.INCOMPATIBLE,
          field + ": " + why.get(),
          orAuto.startsWith("use auto")
              ? "change " + field + " or use auto"
              : "use one of " + WrappingRules.allowedAlgorithms(spec, wks));
    }
    if (!st.passed(a)) {
      throw new CeremonyFailure(
          FailCause.SELF_TEST,
          field
              + ": "
              + a
              + " failed the token's self-test ("
              + st.result(a).map(SelfTestReport.Result::detail).orElse("not tested")
              + ")",
          orAuto
              + "one that passed: "
              + WrappingRules.allowedAlgorithms(spec, wks).stream()
                  .filter(st::passed)
                  .map(Enum::name)
                  .reduce((x, y) -> x + ", " + y)
                  .orElse("none"));
    }
    WrapProof p = prover.apply(a);
    if (!p.passed()) {
      throw new CeremonyFailure(
          FailCause.WRAP_PROOF,
          field
              + ": "
              + a
              + " passed the token's"
              + " self-test, but a trial wrap of a throwaway "
              + spec
              + " session object failed: "
              + p.detail(),
          orAuto
              + "another algorithm KMS allows for "
              + spec
              + ": "
              + WrappingRules.allowedAlgorithms(spec, wks).stream()
                  .filter(x -> x != a)
                  .map(Enum::name)
                  .reduce((x, y) -> x + ", " + y)
                  .orElse("none"));
    }
    return a;
  }

  private static String proofFailures(List<WrapProof> tried) {
    StringBuilder b = new StringBuilder();
    for (WrapProof p : tried) {
      b.append("; ")
          .append(p.algorithm())
          .append(" trial wrap of ")
          .append(p.keySpec())
          .append(": ")
          .append(p.detail());
    }
    return b.toString();
  }

  private static String failures(SelfTestReport st) {
    StringBuilder b = new StringBuilder();
    for (SelfTestReport.Result r : st.results()) {
      if (!r.passed()) {
        b.append(b.length() == 0 ? "" : "; ").append(r.algorithm()).append(": ").append(r.detail());
      }
    }
    return b.toString();
  }

  static void checkMaterial(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    String label = ctx.script().material().label();
    Resumption r = ctx.control().resumption();
    if (r.materialLabel() != null) {
      Optional<TargetKey> t = ctx.hsm().findTarget(r.materialLabel(), st.keySpec);
      if (t.isEmpty() || !t.get().idHex().equals(r.materialIdHex())) {
        throw new CeremonyFailure(
            FailCause.MATERIAL_NOT_FOUND,
            "the "
                + st.keySpec
                + " key labelled '"
                + r.materialLabel()
                + "' (CKA_ID "
                + r.materialIdHex()
                + ") that this ceremony"
                + " generated is no longer in token "
                + ctx.hsm().facts().label(),
            "check the token (./ceremony hsm list-keys); a ceremony never generates a second"
                + " material; undo with "
                + ctx.control().abandonCommand());
      }
      st.target = t.get();
      st.materialGeneratedHere = true;
      data.put("material", Map.of("generatedEarlier", label, "id", t.get().idHex()));
      return;
    }
    if (ctx.script().material().generate()) {
      for (ObjectInfo o : ctx.hsm().listObjects()) {
        if (label.equals(o.label())) {
          throw new CeremonyFailure(
              FailCause.LABEL_EXISTS,
              "material.generate: the token already has an" + " object labelled '" + label + "'",
              "choose a new label (e.g. add {run}), or use"
                  + " material.existing to reimport that object");
        }
      }
      data.put("material", Map.of("generate", label));
      return;
    }
    Optional<TargetKey> t = ctx.hsm().findTarget(label, st.keySpec);
    if (t.isEmpty()) {
      throw new CeremonyFailure(
          FailCause.MATERIAL_NOT_FOUND,
          "material.existing: no "
              + st.keySpec
              + " key labelled '"
              + label
              + "' in token "
              + ctx.hsm().facts().label(),
          "check the label with ./ceremony hsm list-keys");
    }
    String wantedId = ctx.script().material().idHex();
    if (wantedId != null && !wantedId.equals(t.get().idHex())) {
      throw new CeremonyFailure(
          FailCause.MATERIAL_ID_MISMATCH,
          "material.id: the "
              + st.keySpec
              + " key labelled '"
              + label
              + "' in token "
              + ctx.hsm().facts().label()
              + " has CKA_ID "
              + t.get().idHex()
              + ", not "
              + wantedId
              + ": it is not the object the earlier ceremony"
              + " imported",
          "check the token (./ceremony hsm list-keys); only the original object"
              + " can be reimported");
    }
    st.target = t.get();
    data.put(
        "material",
        Map.of(
            "existing",
            label,
            "id",
            t.get().idHex(),
            "attributes",
            Records.attributes(ctx.hsm().securityAttributes(t.get()))));
  }
}
