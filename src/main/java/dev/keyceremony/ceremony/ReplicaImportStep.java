package dev.keyceremony.ceremony;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.hsm.WrappingKey;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same HSM material into every replica: per Region, GetParametersForImport (its own wrapping
 * key and token), the witnesses confirm that wrapping key's fingerprint, the HSM wraps the one
 * material under it (session object, destroyed), ImportKeyMaterial in that Region with the
 * primary's expiry, then a proof in that Region. A replica already Enabled is not imported again
 * when the material is new (only this ceremony can have put it there); a reimport imports into
 * every replica, renewing its expiry. Every Region is tried; a Region that fails is recorded with
 * its cause and the first failure ends the step, so that {@code resume} finishes the Regions left.
 */
final class ReplicaImportStep implements Step {
  @Override
  public String name() {
    return "replica-import";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    Map<String, Object> regions = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    RuntimeException first = null;
    for (String region : ctx.script().key().replicaRegions()) {
      Map<String, Object> d = new LinkedHashMap<>();
      regions.put(region, d);
      try {
        importInto(ctx, st, region, d);
        RegionProof.prove(ctx, st, st.in(ctx, region), d);
      } catch (CeremonyInterrupted e) {
        throw e;
      } catch (RuntimeException e) {
        d.put("failed", Ceremony.causeCode(e));
        d.put("message", e.getMessage());
        failed.add(region);
        first = first == null ? e : first;
      }
    }
    data.put("regions", regions);
    if (first != null) {
      data.put("failedRegions", failed);
      throw first;
    }
  }

  private static void importInto(
      CeremonyContext ctx, CeremonyState st, String region, Map<String, Object> d) {
    Kms r = st.in(ctx, region);
    String keyId = st.keyId();
    KeyInfo k = r.describeKey(keyId).value();
    d.put("keyArn", k.arn());
    // New material can be in an Enabled replica only because this ceremony put it there; a
    // reimport renews every replica's expiry, so it imports into Enabled replicas too.
    if ("Enabled".equals(k.keyState()) && ctx.script().material().generate()) {
      d.put("importedEarlier", true);
      return;
    }
    var wks = ctx.script().wrapping().keySpec();
    Map<String, Object> ph = new LinkedHashMap<>();
    ph.put("keyId", keyId);
    ph.put("region", region);
    ph.put("algorithm", st.algorithm.name());
    ph.put("wrappingKeySpec", wks.name());
    ImportParameters p =
        SideEffects.perform(
            ctx,
            "replica-import",
            "kms:GetParametersForImport",
            ph,
            () -> r.getParametersForImport(keyId, st.algorithm, wks).value(),
            v ->
                Map.of(
                    "wrappingKeySpkiSha256",
                    Fingerprint.sha256Hex(v.publicKeySpki()),
                    "parametersValidTo",
                    String.valueOf(v.parametersValidTo())));
    Fingerprint fp = Fingerprint.of(p.publicKeySpki());
    d.put("wrappingKeySpkiSha256", fp.hex());
    d.put("fingerprintWords", fp.wordsText());
    List<Acknowledgement> answers = ctx.participants().confirmations(ctx.script().roles(), fp);
    List<Object> recorded = new ArrayList<>();
    answers.forEach(a -> recorded.add(a.toData()));
    d.put("confirmations", recorded);
    for (String w : ctx.script().roles().witnesses()) {
      if (answers.stream().noneMatch(a -> a.name().equals(w) && a.positive())) {
        throw new CeremonyFailure(
            FailCause.NOT_CONFIRMED,
            "witness "
                + w
                + " did not confirm the"
                + " wrapping key fingerprint "
                + fp.hex()
                + " of "
                + region,
            "nothing was imported"
                + " in "
                + region
                + "; continue with "
                + ctx.control().resumeCommand());
      }
    }
    WrappingKey wk = wrappingKey(ctx, p.publicKeySpki());
    byte[] ct;
    try {
      if (!wk.spkiSha256Hex().equals(fp.hex())) {
        throw new CeremonyFailure(
            FailCause.WRAPPING_KEY_MISMATCH,
            "the token holds a wrapping key with"
                + " SHA-256 "
                + wk.spkiSha256Hex()
                + ", not the confirmed "
                + fp.hex(),
            "check the HSM adapter; nothing was wrapped");
      }
      WrapResult w = ctx.hsm().wrap(st.target, wk, st.algorithm);
      ct = w.ciphertext();
    } finally {
      ctx.hsm().destroy(wk);
    }
    d.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    var e = ctx.script().expiration();
    // Every Region's material expires together: the primary's ValidTo.
    ImportMaterialRequest q =
        new ImportMaterialRequest(
            keyId, p.importToken(), ct, e.model(), st.validTo, null, null, null);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("keyId", keyId);
    h.put("region", region);
    h.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    h.put("hsmObject", Map.of("label", st.target.label(), "id", st.target.idHex()));
    h.put("expirationModel", e.model());
    h.put("validTo", st.validTo == null ? "none" : st.validTo.toString());
    h.put(
        "check",
        "DescribeKey "
            + keyId
            + " in "
            + region
            + ": KeyState Enabled after the"
            + " import; PendingImport when it did not happen");
    var o =
        SideEffects.perform(
            ctx,
            "replica-import",
            "kms:ImportKeyMaterial",
            h,
            () -> r.importKeyMaterial(q).value(),
            v -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("keyArn", v.keyArn());
              Records.putIf(m, "keyMaterialId", v.keyMaterialId());
              return m;
            });
    Records.putIf(d, "keyMaterialId", o.keyMaterialId());
    d.put("validTo", st.validTo == null ? "none" : st.validTo.toString());
  }

  private static WrappingKey wrappingKey(CeremonyContext ctx, byte[] spki) {
    var hsm = ctx.script().hsm();
    if (hsm.trusted()) {
      try (Secret so = ctx.pinReader().apply(hsm.soPin())) {
        return ctx.hsm().importTrustedWrappingKey(spki, so);
      }
    }
    return ctx.hsm().importWrappingKey(spki);
  }
}
