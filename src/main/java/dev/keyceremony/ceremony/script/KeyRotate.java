package dev.keyceremony.ceremony.script;

import java.util.Objects;

/**
 * {@code key.rotate}: new HSM-born material for an existing symmetric EXTERNAL key that already
 * holds material. It is imported as NEW_KEY_MATERIAL (staged PENDING_ROTATION), proven, and then
 * made current with RotateKeyOnDemand when {@code rotateNow}, or left pending.
 *
 * @param keyId the key ID or ARN ({@code key.rotate.existing})
 * @param rotateNow RotateKeyOnDemand after the proof (default true)
 * @param materialDescription KeyMaterialDescription for the new material, or null
 * @param previousBundle the bundle of the ceremony that imported the current material, or null;
 *     line 1 then names it and the SHA-256 of its transcript
 */
public record KeyRotate(
    String keyId,
    boolean rotateNow,
    String materialDescription,
    java.nio.file.Path previousBundle) {
  public KeyRotate {
    Objects.requireNonNull(keyId, "keyId");
  }
}
