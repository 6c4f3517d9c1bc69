package dev.keyceremony.localkms.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One key material of a symmetric encryption key (AWS keeps several once imported material is
 * rotated). The plaintext is never held here: {@link #sealed} is the material sealed by the
 * operations layer (AES-GCM under an instance key), null while the material is not imported.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class KeyMaterialRecord {
  public static final String CURRENT = "CURRENT";
  public static final String NON_CURRENT = "NON_CURRENT";
  public static final String PENDING_ROTATION = "PENDING_ROTATION";
  public static final String PENDING_MULTI_REGION = "PENDING_MULTI_REGION_IMPORT_AND_ROTATION";

  public String keyMaterialId;

  /** Keyed hash of the material: the same-material rule compares it, never the bytes. */
  public String digest;

  public String description;

  /** CURRENT, NON_CURRENT, PENDING_ROTATION or PENDING_MULTI_REGION_IMPORT_AND_ROTATION. */
  public String materialState;

  public boolean imported;
  public String expirationModel;
  public Long validTo;
  public Long rotationDate;
  public String rotationType;
  public byte[] sealed;

  /** Pending material is not permanently associated with the key (it can be deleted). */
  @JsonIgnore
  public boolean isPending() {
    return PENDING_ROTATION.equals(materialState) || PENDING_MULTI_REGION.equals(materialState);
  }

  @JsonIgnore
  public boolean isCurrent() {
    return CURRENT.equals(materialState);
  }

  /** True if imported, expiring and past its ValidTo at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return imported
        && validTo != null
        && "KEY_MATERIAL_EXPIRES".equals(expirationModel)
        && !now.isBefore(Instant.ofEpochMilli(validTo));
  }

  /** Forgets the material (deletion or expiry); the entry stays so it can be reimported. */
  public void drop() {
    imported = false;
    sealed = null;
    expirationModel = null;
    validTo = null;
  }

  @Override
  public String toString() {
    return "KeyMaterial["
        + keyMaterialId
        + ", "
        + materialState
        + ", "
        + (imported ? "imported" : "pending import")
        + "]";
  }
}
