package dev.keyceremony.kms;

import java.time.Instant;
import java.util.Objects;

/**
 * ImportKeyMaterial: {@code expirationModel} is KEY_MATERIAL_EXPIRES (with {@code validTo}) or
 * KEY_MATERIAL_DOES_NOT_EXPIRE (without). {@code importType}, {@code keyMaterialDescription} and
 * {@code keyMaterialId} are optional (null) and for symmetric keys only.
 */
public record ImportMaterialRequest(
    String keyId,
    byte[] importToken,
    byte[] encryptedKeyMaterial,
    String expirationModel,
    Instant validTo,
    String importType,
    String keyMaterialDescription,
    String keyMaterialId) {
  public ImportMaterialRequest {
    Objects.requireNonNull(keyId, "keyId");
    importToken = importToken.clone();
    encryptedKeyMaterial = encryptedKeyMaterial.clone();
  }

  @Override
  public byte[] importToken() {
    return importToken.clone();
  }

  @Override
  public byte[] encryptedKeyMaterial() {
    return encryptedKeyMaterial.clone();
  }

  @Override
  public String toString() {
    return "ImportMaterialRequest[keyId="
        + keyId
        + ", expirationModel="
        + expirationModel
        + ", validTo="
        + validTo
        + "]";
  }
}
