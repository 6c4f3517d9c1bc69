package dev.keyceremony.ceremony.script;

import java.util.Objects;

/**
 * New material under a new HSM label ({@code generate}) or an existing object (reimport). For an
 * existing object, {@code idHex} (the CKA_ID the object must have) and {@code keyMaterialId} (the
 * KeyMaterialId KMS gave this material before; sent with ImportType EXISTING_KEY_MATERIAL for a
 * symmetric key, so that KMS itself checks it is the same material) are optional (null).
 */
public record MaterialSection(String label, boolean generate, String idHex, String keyMaterialId) {
  public MaterialSection {
    Objects.requireNonNull(label, "label");
    if (generate && (idHex != null || keyMaterialId != null)) {
      throw new IllegalArgumentException("id and key-material-id go with existing material only");
    }
  }

  public MaterialSection(String label, boolean generate) {
    this(label, generate, null, null);
  }
}
