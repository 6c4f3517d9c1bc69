package dev.keyceremony.kms;

import java.time.Instant;

/**
 * One key material of a key, as ListKeyRotations with IncludeKeyMaterial=ALL_KEY_MATERIAL lists it.
 * Optional fields are null when KMS omits them.
 *
 * @param importState IMPORTED or PENDING_IMPORT
 * @param keyMaterialState CURRENT, NON_CURRENT, PENDING_ROTATION or
 *     PENDING_MULTI_REGION_IMPORT_AND_ROTATION
 */
public record KeyMaterialInfo(
    String keyMaterialId,
    String description,
    String importState,
    String keyMaterialState,
    String expirationModel,
    Instant validTo,
    Instant rotationDate) {}
