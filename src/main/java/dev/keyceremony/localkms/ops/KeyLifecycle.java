package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion and
 * DeleteImportedKeyMaterial.
 */
final class KeyLifecycle {
  private final KmsContext ctx;
  private final Materials materials;

  KeyLifecycle(KmsContext ctx) {
    this.ctx = ctx;
    this.materials = new Materials(ctx);
  }

  private KeyRecord find(Caller c, JsonRequest r, boolean allowAlias) {
    String keyId = r.string("KeyId", true, 1, 2048);
    r.done();
    return ctx.store().find(c.account(), c.region(), keyId, allowAlias);
  }

  ObjectNode describeKey(Caller c, JsonRequest r) {
    r.list("GrantTokens");
    KeyRecord k = find(c, r, true);
    ObjectNode out = Json.object();
    out.set("KeyMetadata", KeyMetadataJson.of(k, ctx.store()));
    return out;
  }

  ObjectNode listKeys(Caller c, JsonRequest r) {
    Integer limit = r.integer("Limit", false, 1, 1000);
    String marker = r.string("Marker", false, 1, 1024);
    r.done();
    List<KeyRecord> keys = ctx.store().keys(c.account(), c.region());
    int start = Paging.start(marker, keys.size());
    int end = Math.min(keys.size(), start + (limit == null ? 100 : limit));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Keys");
    for (KeyRecord k : keys.subList(start, end)) {
      list.addObject().put("KeyId", k.keyId).put("KeyArn", k.arn);
    }
    Paging.finish(out, end, keys.size());
    return out;
  }

  ObjectNode enableKey(Caller c, JsonRequest r) {
    KeyRecord k = find(c, r, false);
    stateChangeAllowed(k);
    if (k.state != KeyState.Enabled) {
      k.state = KeyState.Enabled;
      ctx.store().markDirty();
    }
    return Json.object();
  }

  ObjectNode disableKey(Caller c, JsonRequest r) {
    KeyRecord k = find(c, r, false);
    stateChangeAllowed(k);
    if (k.state != KeyState.Disabled) {
      k.state = KeyState.Disabled;
      ctx.store().markDirty();
    }
    return Json.object();
  }

  private static void stateChangeAllowed(KeyRecord k) {
    if (k.state == KeyState.PendingImport) {
      throw KmsError.invalidState(k.arn + " is pending import.");
    }
    KeyRules.requireNotPendingDeletion(k);
  }

  ObjectNode scheduleKeyDeletion(Caller c, JsonRequest r) {
    Integer days = r.integer("PendingWindowInDays", false, 7, 30);
    KeyRecord k = find(c, r, false);
    KeyRules.requireNotPendingDeletion(k);
    if ("PRIMARY".equals(k.multiRegionType) && !k.replicaRegions.isEmpty()) {
      throw KmsError.unsupported(
          k.arn + " is a multi-Region primary key with replicas; delete the replicas first.");
    }
    int window = days == null ? 30 : days;
    Instant deletion = ctx.now().plus(Duration.ofDays(window));
    k.state = KeyState.PendingDeletion;
    k.deletionDate = deletion.toEpochMilli();
    k.pendingWindowDays = window;
    ctx.store().markDirty();
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    out.set("DeletionDate", Json.time(deletion));
    out.put("KeyState", "PendingDeletion");
    out.put("PendingWindowInDays", window);
    return out;
  }

  ObjectNode cancelKeyDeletion(Caller c, JsonRequest r) {
    KeyRecord k = find(c, r, false);
    if (k.state != KeyState.PendingDeletion) {
      throw KmsError.invalidState(k.arn + " is not pending deletion.");
    }
    // AWS leaves a cancelled key Disabled; an imported key without material cannot be Disabled.
    k.state = k.isExternal() && !k.hasMaterial() ? KeyState.PendingImport : KeyState.Disabled;
    k.deletionDate = null;
    k.pendingWindowDays = null;
    ctx.store().markDirty();
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    return out;
  }

  ObjectNode deleteImportedKeyMaterial(Caller c, JsonRequest r) {
    String materialId = r.string("KeyMaterialId", false, 64, 64, ImportKeyMaterial.HEX64);
    KeyRecord k = find(c, r, false);
    KeyRules.requireExternal(k);
    if (k.spec().isSymmetric()) {
      String deleted = materials.delete(k, materialId);
      ObjectNode out = Json.object();
      out.put("KeyId", k.arn);
      if (deleted != null) {
        out.put("KeyMaterialId", deleted);
      }
      return out;
    }
    if (materialId != null) {
      throw KmsError.notFound(
          "Key material " + materialId + " is not associated with " + k.arn + ".");
    }
    k.dropMaterial();
    ctx.store().markDirty();
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    return out;
  }
}
