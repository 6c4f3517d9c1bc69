package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyMaterialRecord;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * RotateKeyOnDemand, ListKeyRotations, EnableKeyRotation, DisableKeyRotation and
 * GetKeyRotationStatus. Automatic rotation is recorded (enabled, period) but never performed by
 * this local KMS; it is refused for EXTERNAL keys as AWS does.
 */
final class Rotation {
  static final String ALL = "ALL_KEY_MATERIAL";
  static final String ROTATIONS_ONLY = "ROTATIONS_ONLY";
  private final KmsContext ctx;
  private final Materials materials;

  Rotation(KmsContext ctx) {
    this.ctx = ctx;
    this.materials = new Materials(ctx);
  }

  private KeyRecord find(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    r.done();
    return ctx.store().find(c.account(), c.region(), keyId, false);
  }

  ObjectNode rotateKeyOnDemand(Caller c, JsonRequest r) {
    KeyRecord k = find(c, r);
    KeyRules.requireNotPendingDeletion(k);
    if (!k.spec().isSymmetric()) {
      throw KmsError.unsupported(
          k.arn
              + " has KeySpec "
              + k.keySpec
              + "; on-demand rotation is"
              + " supported only for symmetric encryption keys.");
    }
    if ("REPLICA".equals(k.multiRegionType)) {
      throw KmsError.unsupported(
          k.arn
              + " is a multi-Region replica key; rotate its primary key "
              + dev.keyceremony.localkms.model.KeyStore.keyArn(k.primaryRegion, k.account, k.keyId)
              + " (the rotation applies to every replica).");
    }
    if (k.state == KeyState.Disabled) {
      throw new KmsError("DisabledException", k.arn + " is disabled.");
    }
    if (k.state == KeyState.PendingImport) {
      throw KmsError.invalidState(k.arn + " is pending import.");
    }
    materials.rotate(k);
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    return out;
  }

  ObjectNode listKeyRotations(Caller c, JsonRequest r) {
    String include = r.enumValue("IncludeKeyMaterial", false, List.of(ALL, ROTATIONS_ONLY));
    Integer limit = r.integer("Limit", false, 1, 1000);
    String marker = r.string("Marker", false, 1, 1024);
    KeyRecord k = find(c, r);
    if (!k.spec().isSymmetric()) {
      throw KmsError.unsupported(
          k.arn
              + " has KeySpec "
              + k.keySpec
              + "; key rotations exist"
              + " only for symmetric encryption keys.");
    }
    materials.migrate(k);
    boolean all = ALL.equals(include);
    List<KeyMaterialRecord> shown = new ArrayList<>();
    for (KeyMaterialRecord m : k.materials) {
      if (all || m.rotationDate != null) {
        shown.add(m);
      }
    }
    int start = Paging.start(marker, shown.size());
    int end = Math.min(shown.size(), start + (limit == null ? 100 : limit));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Rotations");
    for (KeyMaterialRecord m : shown.subList(start, end)) {
      ObjectNode e = list.addObject();
      e.put("KeyId", k.keyId);
      e.put("KeyMaterialId", m.keyMaterialId);
      if (k.isExternal()) {
        if (m.description != null) {
          e.put("KeyMaterialDescription", m.description);
        }
        e.put("ImportState", m.imported ? "IMPORTED" : "PENDING_IMPORT");
      }
      e.put("KeyMaterialState", m.materialState);
      if (m.expirationModel != null) {
        e.put("ExpirationModel", m.expirationModel);
      }
      if (m.validTo != null) {
        e.set("ValidTo", Json.time(m.validTo));
      }
      if (m.rotationDate != null) {
        e.set("RotationDate", Json.time(m.rotationDate));
        e.put("RotationType", m.rotationType);
      }
    }
    Paging.finish(out, end, shown.size());
    return out;
  }

  ObjectNode enableKeyRotation(Caller c, JsonRequest r) {
    Integer period = r.integer("RotationPeriodInDays", false, 90, 2560);
    KeyRecord k = find(c, r);
    automaticRotationAllowed(k);
    k.rotationEnabled = true;
    k.rotationPeriodDays = period == null ? 365 : period;
    ctx.store().markDirty();
    return Json.object();
  }

  ObjectNode disableKeyRotation(Caller c, JsonRequest r) {
    KeyRecord k = find(c, r);
    automaticRotationAllowed(k);
    k.rotationEnabled = false;
    k.rotationPeriodDays = null;
    ctx.store().markDirty();
    return Json.object();
  }

  ObjectNode getKeyRotationStatus(Caller c, JsonRequest r) {
    KeyRecord k = find(c, r);
    KeyRules.requireNotPendingDeletion(k);
    ObjectNode out = Json.object();
    out.put("KeyRotationEnabled", k.rotationEnabled);
    out.put("KeyId", k.arn);
    if (k.rotationEnabled && k.rotationPeriodDays != null) {
      out.put("RotationPeriodInDays", k.rotationPeriodDays);
      long last = k.creationDate;
      for (KeyMaterialRecord m : k.materials) {
        if (m.rotationDate != null) {
          last = Math.max(last, m.rotationDate);
        }
      }
      Instant next = Instant.ofEpochMilli(last).plus(Duration.ofDays(k.rotationPeriodDays));
      out.set("NextRotationDate", Json.time(next));
    }
    return out;
  }

  /** Automatic rotation: symmetric AWS_KMS keys only (EXTERNAL: UnsupportedOperationException). */
  private static void automaticRotationAllowed(KeyRecord k) {
    KeyRules.requireNotPendingDeletion(k);
    KeyRules.requireExternalNot(k);
    if (!k.spec().isSymmetric()) {
      throw KmsError.unsupported(
          k.arn
              + " has KeySpec "
              + k.keySpec
              + "; automatic rotation is"
              + " supported only for symmetric encryption keys.");
    }
    if (k.state == KeyState.Disabled) {
      throw new KmsError("DisabledException", k.arn + " is disabled.");
    }
  }
}
