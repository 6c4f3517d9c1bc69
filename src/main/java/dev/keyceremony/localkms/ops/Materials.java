package dev.keyceremony.localkms.ops;

import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyMaterialRecord;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyState;
import dev.keyceremony.localkms.model.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key materials of symmetric encryption keys (lifecycle reference, "Rotation of imported
 * material"): the first import makes the CURRENT material; NEW_KEY_MATERIAL stages one material as
 * PENDING_ROTATION (PENDING_MULTI_REGION_IMPORT_AND_ROTATION on a multi-Region primary until every
 * replica has imported it); RotateKeyOnDemand makes it CURRENT and the previous one NON_CURRENT. A
 * key is usable only while all its permanently associated materials are imported. Replicas mirror
 * the primary's materials and states; each imports the bytes itself.
 */
final class Materials {
  static final String NEW = "NEW_KEY_MATERIAL";
  static final String EXISTING = "EXISTING_KEY_MATERIAL";
  static final int MAX_ON_DEMAND_ROTATIONS = 25;
  private final KmsContext ctx;

  Materials(KmsContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Builds the material list of a symmetric key recorded with a single material (AWS_KMS keys and
   * state saved before materials were tracked). No effect on other keys.
   */
  void migrate(KeyRecord k) {
    if (!k.spec().isSymmetric() || !k.materials.isEmpty()) {
      return;
    }
    KeyMaterialRecord m = new KeyMaterialRecord();
    if (k.isExternal()) {
      if (k.materialDigest == null || k.currentKeyMaterialId == null) {
        return;
      }
      m.digest = k.materialDigest;
      m.imported = k.material != null;
      m.expirationModel = m.imported ? k.expirationModel : null;
      m.validTo = m.imported ? k.validTo : null;
      m.description = k.keyMaterialDescription;
    } else {
      if (k.material == null) {
        return;
      }
      m.digest = ctx.materialDigest(k.material);
      m.imported = true;
    }
    m.keyMaterialId =
        k.currentKeyMaterialId != null
            ? k.currentKeyMaterialId
            : ctx.keyMaterialId(k.keyId, k.material);
    k.currentKeyMaterialId = m.keyMaterialId;
    m.materialState = KeyMaterialRecord.CURRENT;
    m.sealed = m.imported ? seal(k, m.keyMaterialId, k.material) : null;
    k.materials.add(m);
    ctx.store().markDirty();
  }

  /** Plaintext of an imported material of {@code k}. */
  byte[] open(KeyRecord k, KeyMaterialRecord m) {
    byte[] plain = ctx.openMaterial(k.account, k.keyId, m.keyMaterialId, m.sealed);
    if (plain == null) {
      throw KmsError.internal(
          "The key material "
              + m.keyMaterialId
              + " of "
              + k.arn
              + " does not open under this instance's master key.");
    }
    return plain;
  }

  private byte[] seal(KeyRecord k, String id, byte[] plain) {
    return ctx.sealMaterial(k.account, k.keyId, id, plain);
  }

  /** The imported materials, current first (for Decrypt). */
  List<KeyMaterialRecord> usable(KeyRecord k) {
    migrate(k);
    List<KeyMaterialRecord> out = new ArrayList<>();
    KeyMaterialRecord current = k.currentMaterial();
    if (current != null && current.imported) {
      out.add(current);
    }
    for (KeyMaterialRecord m : k.materials) {
      if (m != current && m.imported) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * ImportKeyMaterial for a symmetric encryption key, after the token was checked and the material
   * unwrapped and validated. Returns the KeyMaterialId of the imported material.
   */
  String importSymmetric(
      KeyRecord k,
      byte[] plain,
      byte[] identity,
      String importType,
      String givenId,
      String description,
      String model,
      Instant validTo) {
    migrate(k);
    boolean replica = "REPLICA".equals(k.multiRegionType);
    if (replica) {
      KeyRecord p = primaryOf(k);
      if (p != null) {
        migrate(p);
        syncReplica(p, k);
      }
    }
    String digest = ctx.materialDigest(identity);
    String computedId = ctx.keyMaterialId(k.keyId, identity);
    KeyMaterialRecord existing = k.materialByDigest(digest);
    String type = importType != null ? importType : (k.materials.isEmpty() ? NEW : EXISTING);
    KeyMaterialRecord target;
    if (NEW.equals(type)) {
      if (replica && !k.materials.isEmpty()) {
        throw KmsError.unsupported(
            "You cannot import new key material directly into the replica "
                + "key "
                + k.arn
                + ". Import it with ImportType "
                + NEW
                + " into the primary key "
                + KeyStore.keyArn(k.primaryRegion, k.account, k.keyId)
                + ", then into this replica"
                + " with ImportType "
                + EXISTING
                + " and its KeyMaterialId.");
      }
      if (existing != null) {
        throw incorrect(
            "The key material is already associated with "
                + k.arn
                + " (KeyMaterialId "
                + existing.keyMaterialId
                + "); reimport it with ImportType "
                + EXISTING
                + ".");
      }
      KeyMaterialRecord pending = k.pendingMaterial();
      if (pending != null) {
        throw KmsError.invalidState(
            "New key material (id: "
                + computedId
                + ") cannot be imported"
                + " into KMS key "
                + k.keyId
                + ", because another key material (id: "
                + pending.keyMaterialId
                + ") is pending rotation.");
      }
      target = new KeyMaterialRecord();
      target.keyMaterialId = computedId;
      target.digest = digest;
      if (k.materials.isEmpty()) {
        target.materialState = KeyMaterialRecord.CURRENT;
      } else {
        target.materialState = KeyMaterialRecord.PENDING_ROTATION;
      }
      k.materials.add(target);
    } else {
      if (k.materials.isEmpty()) {
        throw incorrect(
            k.arn
                + " has no associated key material yet; the first import must use"
                + " ImportType "
                + NEW
                + ".");
      }
      if (existing == null) {
        throw incorrect(
            "The key material does not match any key material associated with "
                + k.arn
                + " ("
                + ids(k)
                + "). Reimport one of them, or import new material with"
                + " ImportType "
                + NEW
                + (replica ? " into the primary key." : "."));
      }
      target = existing;
    }
    if (givenId != null && !givenId.equals(computedId)) {
      throw incorrect(
          "The KeyMaterialId "
              + givenId
              + " does not identify the imported key"
              + " material (its KeyMaterialId is "
              + computedId
              + ").");
    }
    target.imported = true;
    target.sealed = seal(k, computedId, plain);
    target.expirationModel = model;
    target.validTo = ImportKeyMaterial.EXPIRES.equals(model) ? validTo.toEpochMilli() : null;
    if (description != null) {
      target.description = description;
    }
    if (target.isCurrent()) {
      if (k.material != null) {
        Arrays.fill(k.material, (byte) 0);
      }
      k.material = plain.clone();
      k.currentKeyMaterialId = target.keyMaterialId;
      k.keyMaterialDescription = target.description;
    }
    if (k.materialDigest == null) {
      k.materialDigest = digest;
    }
    if (k.state != KeyState.PendingDeletion) {
      k.state = KeyState.Enabled;
    }
    k.refreshFromMaterials();
    if (replica) {
      KeyRecord p = primaryOf(k);
      if (p != null) {
        refreshPrimaryPending(p);
      }
    } else if ("PRIMARY".equals(k.multiRegionType)) {
      refreshPrimaryPending(k);
    }
    ctx.store().markDirty();
    return computedId;
  }

  /** RotateKeyOnDemand: the pending (or, for AWS_KMS keys, fresh) material becomes CURRENT. */
  void rotate(KeyRecord k) {
    migrate(k);
    if (k.onDemandRotations >= MAX_ON_DEMAND_ROTATIONS) {
      throw new KmsError(
          "LimitExceededException",
          "The on-demand rotations limit has been"
              + " reached for the given keyId. No more on-demand rotations can be performed for this"
              + " key: "
              + k.arn);
    }
    KeyMaterialRecord next;
    if (k.isExternal()) {
      next = k.pendingMaterial();
      if (next == null) {
        throw KmsError.invalidState(
            "No available key material pending rotation for the key: " + k.arn + ".");
      }
      if (KeyMaterialRecord.PENDING_MULTI_REGION.equals(next.materialState)) {
        throw KmsError.invalidState(
            "The key material "
                + next.keyMaterialId
                + " pending rotation"
                + " of "
                + k.arn
                + " is not yet imported into every replica ("
                + String.join(", ", missingReplicas(k, next))
                + "). Import it there with ImportType "
                + EXISTING
                + " and KeyMaterialId "
                + next.keyMaterialId
                + ", then rotate.");
      }
    } else {
      byte[] fresh = new byte[32];
      new java.security.SecureRandom().nextBytes(fresh);
      next = new KeyMaterialRecord();
      next.keyMaterialId = ctx.keyMaterialId(k.keyId, fresh);
      next.digest = ctx.materialDigest(fresh);
      next.imported = true;
      next.sealed = seal(k, next.keyMaterialId, fresh);
      Arrays.fill(fresh, (byte) 0);
      k.materials.add(next);
    }
    KeyMaterialRecord previous = k.currentMaterial();
    if (previous != null) {
      previous.materialState = KeyMaterialRecord.NON_CURRENT;
    }
    next.materialState = KeyMaterialRecord.CURRENT;
    next.rotationDate = ctx.now().toEpochMilli();
    next.rotationType = "ON_DEMAND";
    if (k.material != null) {
      Arrays.fill(k.material, (byte) 0);
    }
    k.material = next.imported ? open(k, next) : null;
    k.currentKeyMaterialId = next.keyMaterialId;
    k.keyMaterialDescription = next.description;
    k.onDemandRotations++;
    k.refreshFromMaterials();
    syncReplicas(k);
    ctx.store().markDirty();
  }

  /**
   * DeleteImportedKeyMaterial for a symmetric key: the given (default: current) material is
   * forgotten. Pending material of a single-Region key or primary is removed outright (with the
   * replicas' copies); other material stays associated and the key waits in PendingImport. Returns
   * the KeyMaterialId deleted, or null when the key never had material.
   */
  String delete(KeyRecord k, String materialId) {
    migrate(k);
    if (k.materials.isEmpty()) {
      if (materialId != null) {
        throw notAssociated(k, materialId);
      }
      return null;
    }
    KeyMaterialRecord target =
        materialId == null ? k.currentMaterial() : k.materialById(materialId);
    if (target == null) {
      throw notAssociated(k, materialId);
    }
    boolean replica = "REPLICA".equals(k.multiRegionType);
    if (target.isPending() && !replica) {
      k.materials.remove(target);
      syncReplicas(k);
    } else {
      target.drop();
      if (target.isCurrent() && k.material != null) {
        Arrays.fill(k.material, (byte) 0);
        k.material = null;
      }
      if (replica && target.isPending()) {
        target.materialState = KeyMaterialRecord.PENDING_MULTI_REGION;
      }
    }
    if (k.state != KeyState.PendingDeletion && !target.isPending()) {
      k.state = KeyState.PendingImport;
    }
    k.refreshFromMaterials();
    ctx.store().markDirty();
    return target.keyMaterialId;
  }

  /** ReplicateKey: a new replica gets the primary's materials (EXTERNAL: still to import). */
  void initReplica(KeyRecord primary, KeyRecord replica) {
    migrate(primary);
    syncReplica(primary, replica);
    if ("PRIMARY".equals(primary.multiRegionType)) {
      refreshPrimaryPending(primary);
    }
  }

  private void syncReplicas(KeyRecord primary) {
    if (!"PRIMARY".equals(primary.multiRegionType)) {
      return;
    }
    for (String region : primary.replicaRegions) {
      KeyRecord r = ctx.store().byArn(KeyStore.keyArn(region, primary.account, primary.keyId));
      if (r != null) {
        syncReplica(primary, r);
      }
    }
  }

  /** Mirrors the primary's materials and their states into a replica. */
  private void syncReplica(KeyRecord p, KeyRecord r) {
    if (p.materials.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (KeyMaterialRecord pm : p.materials) {
      ids.add(pm.keyMaterialId);
      KeyMaterialRecord rm = r.materialById(pm.keyMaterialId);
      if (rm == null) {
        rm = new KeyMaterialRecord();
        rm.keyMaterialId = pm.keyMaterialId;
        rm.digest = pm.digest;
        rm.description = pm.description;
        if (!p.isExternal()) {
          rm.imported = true;
          rm.sealed = pm.sealed;
        }
        r.materials.add(rm);
      }
      if (pm.isPending()) {
        rm.materialState =
            rm.imported
                ? KeyMaterialRecord.PENDING_ROTATION
                : KeyMaterialRecord.PENDING_MULTI_REGION;
      } else {
        rm.materialState = pm.materialState;
        rm.rotationDate = pm.rotationDate;
        rm.rotationType = pm.rotationType;
      }
    }
    r.materials.removeIf(m -> !ids.contains(m.keyMaterialId));
    r.materialDigest = p.materialDigest;
    KeyMaterialRecord current = r.currentMaterial();
    if (r.material != null) {
      Arrays.fill(r.material, (byte) 0);
    }
    r.material = current != null && current.imported ? open(r, current) : null;
    r.currentKeyMaterialId = current == null ? null : current.keyMaterialId;
    r.keyMaterialDescription = current == null ? null : current.description;
    r.refreshFromMaterials();
    ctx.store().markDirty();
  }

  /** The primary's pending material is PENDING_ROTATION once every replica imported it. */
  private void refreshPrimaryPending(KeyRecord p) {
    KeyMaterialRecord pending = p.pendingMaterial();
    if (pending != null) {
      pending.materialState =
          missingReplicas(p, pending).isEmpty()
              ? KeyMaterialRecord.PENDING_ROTATION
              : KeyMaterialRecord.PENDING_MULTI_REGION;
    }
    syncReplicas(p);
  }

  private List<String> missingReplicas(KeyRecord p, KeyMaterialRecord pending) {
    List<String> missing = new ArrayList<>();
    for (String region : p.replicaRegions) {
      KeyRecord r = ctx.store().byArn(KeyStore.keyArn(region, p.account, p.keyId));
      if (r == null) {
        continue;
      }
      KeyMaterialRecord rm = r.materialById(pending.keyMaterialId);
      if (rm == null || !rm.imported) {
        missing.add(region);
      }
    }
    return missing;
  }

  private KeyRecord primaryOf(KeyRecord replica) {
    return ctx.store()
        .byArn(KeyStore.keyArn(replica.primaryRegion, replica.account, replica.keyId));
  }

  private static String ids(KeyRecord k) {
    List<String> out = new ArrayList<>();
    for (KeyMaterialRecord m : k.materials) {
      out.add(m.keyMaterialId + " " + m.materialState);
    }
    return String.join(", ", out);
  }

  private static KmsError notAssociated(KeyRecord k, String id) {
    return KmsError.notFound(
        "Key material "
            + id
            + " is not associated with "
            + k.arn
            + ". Its key materials: "
            + (k.materials.isEmpty() ? "none" : ids(k))
            + ".");
  }

  private static KmsError incorrect(String message) {
    return new KmsError("IncorrectKeyMaterialException", message);
  }
}
