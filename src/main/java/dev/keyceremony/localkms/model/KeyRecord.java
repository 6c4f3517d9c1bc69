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
    return "KeyRecord[" + arn + ", " + keySpec + ", " + origin + ", " + state + ", material="
        + (material == null ? "absent" : "***") + "]";
  }
}
