package dev.keyceremony.localkms.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One KMS key in one account and Region. Mutable; every access is guarded by the {@link KeyStore}
 * lock. The plaintext {@link #material} is never serialized (the state file holds it sealed under
 * the instance master key) and never printed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class KeyRecord {
  public String account;
  public String region;
  public String keyId;
  public String arn;
  public long creationDate;
  public String description = "";
  public String keySpec;
  public String keyUsage;
  public String origin;
  public boolean multiRegion;

  /** PRIMARY or REPLICA for multi-Region keys; null otherwise. */
  public String multiRegionType;

  public String primaryRegion;

  /** Regions of the replicas (kept on the primary). */
  public List<String> replicaRegions = new ArrayList<>();

  public List<Map<String, String>> tags = new ArrayList<>();
  public KeyState state;
  public Long deletionDate;
  public Integer pendingWindowDays;

  /** Plaintext key material: 32-byte AES, raw HMAC key, or PKCS#8 DER. Null when absent. */
  @JsonIgnore public byte[] material;

  /** {@link #material} sealed under the master key (written by the state file only). */
  public byte[] sealedMaterial;

  /** Keyed hash of the first imported material: the same-material rule survives deletion. */
  public String materialDigest;

  public String currentKeyMaterialId;
  public String expirationModel;
  public Long validTo;
  public String keyMaterialDescription;

  /**
   * Symmetric keys: every key material the key has (current, previous, pending), in import order.
   * Empty for asymmetric and HMAC keys, which keep their single material in {@link #material}.
   */
  public List<KeyMaterialRecord> materials = new ArrayList<>();

  /** RotateKeyOnDemand calls so far (AWS allows 25 per key). */
  public int onDemandRotations;

  /** Automatic rotation (EnableKeyRotation) of AWS_KMS symmetric keys: enabled, period. */
  public boolean rotationEnabled;

  public Integer rotationPeriodDays;

  /** The key policy (stored and returned, never enforced); null means the default policy. */
  public String policy;

  @JsonIgnore
  public KeySpecInfo spec() {
    return KeySpecInfo.valueOf(keySpec);
  }

  @JsonIgnore
  public boolean isExternal() {
    return "EXTERNAL".equals(origin);
  }

  @JsonIgnore
  public boolean hasMaterial() {
    return material != null;
  }

  @JsonIgnore
  public KeyMaterialRecord currentMaterial() {
    for (KeyMaterialRecord m : materials) {
      if (m.isCurrent()) {
        return m;
      }
    }
    return null;
  }

  @JsonIgnore
  public KeyMaterialRecord pendingMaterial() {
    for (KeyMaterialRecord m : materials) {
      if (m.isPending()) {
        return m;
      }
    }
    return null;
  }

  public KeyMaterialRecord materialById(String id) {
    for (KeyMaterialRecord m : materials) {
      if (m.keyMaterialId.equals(id)) {
        return m;
      }
    }
    return null;
  }

  public KeyMaterialRecord materialByDigest(String digest) {
    for (KeyMaterialRecord m : materials) {
      if (m.digest.equals(digest)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Recomputes what follows from {@link #materials}: ExpirationModel and ValidTo (the earliest
   * expiry among the imported, permanently associated materials) and the key state: a key with
   * materials is usable only while all its permanently associated materials are imported.
   */
  public void refreshFromMaterials() {
    if (materials.isEmpty() || !isExternal()) {
      return;
    }
    boolean allImported = true;
    boolean anyImported = false;
    boolean anyExpires = false;
    Long earliest = null;
    for (KeyMaterialRecord m : materials) {
      if (m.isPending()) {
        continue;
      }
      if (!m.imported) {
        allImported = false;
        continue;
      }
      anyImported = true;
      if ("KEY_MATERIAL_EXPIRES".equals(m.expirationModel) && m.validTo != null) {
        anyExpires = true;
        earliest = earliest == null ? m.validTo : Math.min(earliest, m.validTo);
      }
    }
    expirationModel =
        !anyImported
            ? null
            : (anyExpires ? "KEY_MATERIAL_EXPIRES" : "KEY_MATERIAL_DOES_NOT_EXPIRE");
    validTo = earliest;
    if (state == KeyState.PendingDeletion) {
      return;
    }
    if (!allImported) {
      state = KeyState.PendingImport;
    } else if (state == KeyState.PendingImport) {
      state = KeyState.Enabled;
    }
  }

  /**
   * Drops every material whose ValidTo passed at {@code now}, as AWS does; true if anything
   * changed. Material pending rotation is not expired away before it is rotated.
   */
  public boolean expireDue(Instant now) {
    if (materials.isEmpty()) {
      if (isExpiredAt(now)) {
        dropMaterial();
        return true;
      }
      return false;
    }
    boolean changed = false;
    for (KeyMaterialRecord m : materials) {
      if (!m.isPending() && m.isExpiredAt(now)) {
        m.drop();
        if (m.isCurrent() && material != null) {
          java.util.Arrays.fill(material, (byte) 0);
          material = null;
          sealedMaterial = null;
        }
        changed = true;
      }
    }
    if (changed) {
      refreshFromMaterials();
    }
    return changed;
  }

  /** True if the imported material's ValidTo has passed at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return material != null
        && validTo != null
        && "KEY_MATERIAL_EXPIRES".equals(expirationModel)
        && !now.isBefore(Instant.ofEpochMilli(validTo));
  }

  /** Drops the material as AWS does on expiry or DeleteImportedKeyMaterial. */
  public void dropMaterial() {
    if (material != null) {
      java.util.Arrays.fill(material, (byte) 0);
    }
    material = null;
    sealedMaterial = null;
    expirationModel = null;
    validTo = null;
    if (state != KeyState.PendingDeletion) {
      state = KeyState.PendingImport;
    }
  }

  @Override
  public String toString() {
    return "KeyRecord["
        + arn
        + ", "
        + keySpec
        + ", "
        + origin
        + ", "
        + state
        + ", material="
        + (material == null ? "absent" : "***")
        + "]";
  }
}
