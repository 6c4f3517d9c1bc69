package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.kms.KeyInfo;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Proves the import: DescribeKey shows Enabled and the requested expiration; then, by key kind, an
 * HMAC equality, a public-key equality plus a signature check, or (symmetric) check values, the
 * KeyMaterialId and an encrypt/decrypt round trip, with an honest statement of what each shows.
 */
final class ProveStep implements Step {
  static final String SYMMETRIC_STATEMENT =
      "The HSM computed check values of its key (AES-ECB and"
          + " AES-CMAC of a zero block) and KMS completed an encrypt/decrypt round trip under the"
          + " imported key. KMS's ciphertext format is unpublished, so the round trip shows only that"
          + " KMS holds some usable material for this key, not that it is the HSM's. The binding to"
          + " the HSM object comes from the import itself: the material was wrapped inside the HSM"
          + " under the one-time public key that KMS issued for this key, KMS accepted it with the"
          + " import token bound to this key, and KMS accepts only the same material on any later"
          + " reimport (same KeyMaterialId).";
  static final String HMAC_STATEMENT =
      "KMS GenerateMac and the HSM's HMAC over the same fresh"
          + " random challenge are equal: KMS holds the same HMAC key as the HSM object.";
  static final String ASYMMETRIC_STATEMENT =
      "KMS GetPublicKey equals the HSM object's public key,"
          + " a KMS signature over a fresh random challenge verifies under the HSM public key, and an"
          + " HSM signature verifies under the KMS public key: KMS holds the private key of the HSM"
          + " key pair.";

  @Override
  public String name() {
    return "prove";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    KeyInfo k = ctx.kms().describeKey(st.keyId()).value();
    data.put("key", Records.key(k));
    String model = ctx.script().expiration().model();
    boolean stateOk = "Enabled".equals(k.keyState()) && k.enabled();
    // A key with several materials (rotated) has the earliest of their ValidTo: a new material,
    // or one reimported by its KeyMaterialId, is checked in the listing of materials instead.
    String shownModel = k.expirationModel();
    java.time.Instant shownValidTo = k.validTo();
    if (ctx.script().key().rotates()
        || (ctx.script().material().keyMaterialId() != null
            && st.keySpec == KeySpec.SYMMETRIC_DEFAULT
            && st.imported.keyMaterialId() != null)) {
      var m = RotationChecks.material(ctx, st.keyId(), st.imported.keyMaterialId());
      data.put("newMaterial", RotationChecks.materials(m.stream().toList()));
      shownModel = m.map(dev.keyceremony.kms.KeyMaterialInfo::expirationModel).orElse(null);
      shownValidTo = m.map(dev.keyceremony.kms.KeyMaterialInfo::validTo).orElse(null);
      stateOk = stateOk && m.isPresent();
    }
    boolean modelOk = model.equals(shownModel);
    java.time.Instant vt = shownValidTo;
    boolean validToOk = ImportedKeyState.validToMatches(st.validTo, vt);
    data.put("enabled", stateOk);
    data.put("expirationMatches", modelOk && validToOk);
    ImportedKeyState.require(
        stateOk,
        k.keyState(),
        model,
        shownModel,
        st.validTo,
        shownValidTo,
        "DescribeKey",
        "check the key in KMS before using it");
    byte[] challenge = new byte[32];
    ctx.random().nextBytes(challenge);
    data.put("challenge", HexFormat.of().formatHex(challenge));
    KeySpec spec = st.keySpec;
    switch (spec.kind()) {
      case HMAC:
        hmac(ctx, st, challenge, data);
        break;
      case SYMMETRIC:
        symmetric(ctx, st, challenge, k, data);
        break;
      default:
        new AsymmetricProof(ctx, st).prove(challenge, data);
    }
    st.proven = true;
  }

  private static void hmac(
      CeremonyContext ctx, CeremonyState st, byte[] challenge, Map<String, Object> data) {
    String alg = "HMAC_SHA_" + st.keySpec.bits();
    byte[] kms = ctx.kms().generateMac(st.keyId(), alg, challenge).value();
    byte[] hsm = ctx.hsm().evidence().hmac(st.target, challenge);
    boolean equal = MessageDigest.isEqual(kms, hsm);
    data.put("macAlgorithm", alg);
    data.put("kmsMac", HexFormat.of().formatHex(kms));
    data.put("hsmMac", HexFormat.of().formatHex(hsm));
    data.put("macsEqual", equal);
    data.put("statement", HMAC_STATEMENT);
    if (!equal) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "KMS GenerateMac differs from the HSM's HMAC over" + " the same challenge",
          "do not use this key; investigate the import");
    }
  }

  private static void symmetric(
      CeremonyContext ctx,
      CeremonyState st,
      byte[] challenge,
      KeyInfo k,
      Map<String, Object> data) {
    data.put(
        "hsmAesEcbZeroBlock",
        HexFormat.of().formatHex(ctx.hsm().evidence().aesEcbZeroBlock(st.target)));
    data.put(
        "hsmAesCmacZeroBlock",
        HexFormat.of().formatHex(ctx.hsm().evidence().aesCmacZeroBlock(st.target)));
    String id = st.imported.keyMaterialId();
    Records.putIf(data, "keyMaterialId", id);
    Records.putIf(data, "currentKeyMaterialId", k.currentKeyMaterialId());
    String expected = ctx.script().material().keyMaterialId();
    if (expected != null) {
      data.put("expectedKeyMaterialId", expected);
      data.put("keyMaterialIdMatches", expected.equals(id));
      if (!expected.equals(id)) {
        throw new CeremonyFailure(
            FailCause.KEY_MATERIAL_ID_MISMATCH,
            "KMS reports KeyMaterialId "
                + id
                + " for the import, not "
                + expected
                + " (material.key-material-id)",
            "do not use this key; investigate the import");
      }
    }
    if (st.previousKeyMaterialId != null) {
      boolean same = Objects.equals(st.previousKeyMaterialId, id);
      data.put("previousKeyMaterialId", st.previousKeyMaterialId);
      data.put("sameMaterialAsBefore", same);
    }
    byte[] ct = ctx.kms().encrypt(st.keyId(), challenge).value();
    byte[] back = ctx.kms().decrypt(st.keyId(), ct).value();
    boolean roundTrip = Arrays.equals(challenge, back);
    data.put("ciphertextSha256", Fingerprint.sha256Hex(ct));
    data.put("roundTrip", roundTrip);
    data.put("statement", SYMMETRIC_STATEMENT);
    if (!roundTrip) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "KMS Decrypt did not return the challenge that" + " KMS Encrypt encrypted",
          "do not use this key; investigate the import");
    }
  }
}
