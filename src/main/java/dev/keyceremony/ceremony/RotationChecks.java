package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.KeyRotate;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KeyMaterialInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of a rotation ceremony ({@code key.rotate}): before anything changes, the key must be
 * a symmetric EXTERNAL key that holds material (Enabled) and has no other material waiting to
 * become current; after the import, the new material must be listed (ListKeyRotations) with the
 * expiry asked for.
 */
final class RotationChecks {
  static final String NEW = "NEW_KEY_MATERIAL";
  static final String PENDING = "PENDING_ROTATION";

  private RotationChecks() {}

  /** Preflight of a rotation; {@code imported}: a resumed ceremony whose import happened. */
  static void preflight(
      CeremonyContext ctx, KeyInfo k, boolean imported, Map<String, Object> data) {
    String id = ctx.script().key().existing();
    if (!"EXTERNAL".equals(k.origin())) {
      throw new CeremonyFailure(
          FailCause.NOT_EXTERNAL,
          "key.rotate.existing: key "
              + id
              + " has Origin "
              + k.origin()
              + "; only EXTERNAL keys take imported material",
          "name an EXTERNAL key");
    }
    if (!"SYMMETRIC_DEFAULT".equals(k.keySpec())) {
      throw new CeremonyFailure(
          FailCause.ROTATION_NOT_SUPPORTED,
          "key.rotate.existing: key "
              + id
              + " has KeySpec "
              + k.keySpec()
              + "; KMS rotates imported material only for"
              + " SYMMETRIC_DEFAULT keys (HMAC and asymmetric keys keep their first material for"
              + " life)",
          "to renew this key's expiry, reimport its material: ./ceremony reimport"
              + " BUNDLE; for new material, create a new key");
    }
    if (k.multiRegion()) {
      throw new CeremonyFailure(
          FailCause.ROTATION_NOT_SUPPORTED,
          "key.rotate.existing: key "
              + id
              + " is a multi-Region key; this tool does not yet stage a rotation across its"
              + " replicas (NEW_KEY_MATERIAL into the primary, the same material into every replica,"
              + " then RotateKeyOnDemand)",
          "rotate it with ./ceremony kms (import-key-material,"
              + " rotate-key-on-demand) or wait for multi-Region ceremonies");
    }
    if (!"Enabled".equals(k.keyState())) {
      throw new CeremonyFailure(
          FailCause.KEY_STATE,
          "key.rotate.existing: key "
              + id
              + " is in state "
              + k.keyState()
              + "; a rotation needs a key that holds all its material (Enabled)",
          "PendingImport: reimport the missing material first (./ceremony status names it,"
              + " ./ceremony reimport BUNDLE); Disabled: enable the key");
    }
    List<KeyMaterialInfo> ms = ctx.kms().listKeyMaterials(k.keyId()).value();
    data.put("materialsBefore", materials(ms));
    if (!imported) {
      for (KeyMaterialInfo m : ms) {
        String state = m.keyMaterialState();
        if (!"CURRENT".equals(state) && !"NON_CURRENT".equals(state)) {
          throw new CeremonyFailure(
              FailCause.ROTATION_PENDING,
              "key.rotate.existing: key "
                  + id
                  + " already has material "
                  + m.keyMaterialId()
                  + " in state "
                  + m.keyMaterialState()
                  + "; KMS stages one new material at a time",
              "make it current (./ceremony kms rotate-key-on-demand --key-id "
                  + id
                  + ") or"
                  + " delete it (./ceremony kms delete-imported-key-material --key-id "
                  + id
                  + " --key-material-id "
                  + m.keyMaterialId()
                  + "), then run again");
        }
      }
    }
    KeyRotate r = ctx.script().key().rotate();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("rotateNow", r.rotateNow());
    Records.putIf(d, "materialDescription", r.materialDescription());
    data.put("rotation", d);
  }

  /** The material {@code keyMaterialId} as ListKeyRotations lists it, if it does. */
  static Optional<KeyMaterialInfo> material(
      CeremonyContext ctx, String keyId, String keyMaterialId) {
    return ctx.kms().listKeyMaterials(keyId).value().stream()
        .filter(m -> m.keyMaterialId() != null && m.keyMaterialId().equals(keyMaterialId))
        .findFirst();
  }

  static List<Object> materials(List<KeyMaterialInfo> ms) {
    List<Object> l = new ArrayList<>();
    for (KeyMaterialInfo m : ms) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("keyMaterialId", m.keyMaterialId());
      Records.putIf(e, "keyMaterialState", m.keyMaterialState());
      Records.putIf(e, "importState", m.importState());
      Records.putIf(e, "expirationModel", m.expirationModel());
      Records.putIf(e, "validTo", m.validTo() == null ? null : m.validTo().toString());
      l.add(e);
    }
    return l;
  }

  /** What the plan says the rotation step does. */
  static String planLine(CeremonyScript s) {
    KeyRotate r = s.key().rotate();
    return (r.rotateNow()
        ? "KMS RotateKeyOnDemand "
            + r.keyId()
            + ": the new"
            + " material becomes current, the previous one stays for Decrypt; then ListKeyRotations,"
            + " DescribeKey CurrentKeyMaterialId and an Encrypt/Decrypt round trip under it"
        : "none: the new material stays PENDING_ROTATION until ./ceremony kms"
            + " rotate-key-on-demand --key-id "
            + r.keyId());
  }
}
