package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.crypto.ImportToken;
import dev.keyceremony.localkms.crypto.MaterialValidator;
import dev.keyceremony.localkms.crypto.Unwrapper;
import dev.keyceremony.localkms.crypto.ValidatedMaterial;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeySpecInfo;
import dev.keyceremony.localkms.model.KeyState;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ImportKeyMaterial in the order of spec section 8: request validation, key lookup and
 * origin/state, token (ours, this key, not expired), unwrap, material validation, the same-material
 * and ImportType rules, then the new state.
 */
final class ImportKeyMaterial implements Operation {
  static final String EXPIRES = "KEY_MATERIAL_EXPIRES";
  static final String DOES_NOT_EXPIRE = "KEY_MATERIAL_DOES_NOT_EXPIRE";
  static final String NEW = "NEW_KEY_MATERIAL";
  static final String EXISTING = "EXISTING_KEY_MATERIAL";
  static final Pattern HEX64 = Pattern.compile("^[a-f0-9]+$");
  private static final Pattern DESCRIPTION = Pattern.compile("^[a-zA-Z0-9:/_\\s.-]+$");
  private final KmsContext ctx;
  private final Materials materials;

  ImportKeyMaterial(KmsContext ctx) {
    this.ctx = ctx;
    this.materials = new Materials(ctx);
  }

  @Override
  public ObjectNode handle(Caller caller, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    byte[] tokenBytes = r.blob("ImportToken", true, 1, 6144);
    byte[] wrapped = r.blob("EncryptedKeyMaterial", true, 1, 6144);
    Instant validTo = r.timestamp("ValidTo", false);
    String model = r.enumValue("ExpirationModel", false, List.of(EXPIRES, DOES_NOT_EXPIRE));
    String importType = r.enumValue("ImportType", false, List.of(NEW, EXISTING));
    String description = r.string("KeyMaterialDescription", false, 0, 256, DESCRIPTION);
    String materialId = r.string("KeyMaterialId", false, 64, 64, HEX64);
    r.done();
    String effectiveModel = model == null ? EXPIRES : model;
    checkValidTo(effectiveModel, validTo, r.has("ValidTo"));
    if (NEW.equals(importType) && r.has("KeyMaterialId")) {
      throw KmsError.validation(
          "KeyMaterialId cannot be specified when ImportType is " + NEW + ".");
    }

    KeyRecord k = ctx.store().find(caller.account(), caller.region(), keyId, false);
    KeyRules.requireExternal(k);
    KeyRules.requireNotPendingDeletion(k);
    KeySpecInfo spec = k.spec();
    if (!spec.isSymmetric()
        && (importType != null || r.has("KeyMaterialId") || r.has("KeyMaterialDescription"))) {
      throw KmsError.validation(
          "ImportType, KeyMaterialId and KeyMaterialDescription are supported only for"
              + " symmetric encryption keys; "
              + k.arn
              + " has KeySpec "
              + k.keySpec
              + ".");
    }

    ImportToken token = ImportToken.open(ctx.tokenKey(), tokenBytes);
    if (token == null
        || !token.account().equals(k.account)
        || !token.region().equals(k.region)
        || !token.keyId().equals(k.keyId)) {
      throw new KmsError(
          "InvalidImportTokenException",
          "The import token is invalid or is associated with a different KMS key.");
    }
    if (!ctx.now().isBefore(token.validTo())) {
      throw new KmsError(
          "ExpiredImportTokenException",
          "The import token expired at "
              + token.validTo()
              + ". Call GetParametersForImport for a"
              + " new wrapping public key and import token.");
    }

    byte[] plain = Unwrapper.unwrap(token.wrappingAlgorithm(), wrappingKey(token), wrapped);
    ValidatedMaterial material;
    try {
      material = MaterialValidator.validate(spec, plain);
    } finally {
      java.util.Arrays.fill(plain, (byte) 0);
    }

    if (spec.isSymmetric()) {
      String id;
      try {
        id =
            materials.importSymmetric(
                k,
                material.material(),
                material.identity(),
                importType,
                materialId,
                description,
                effectiveModel,
                validTo);
      } finally {
        java.util.Arrays.fill(material.material(), (byte) 0);
      }
      ObjectNode out = Json.object();
      out.put("KeyId", k.arn);
      out.put("KeyMaterialId", id);
      return out;
    }
    // HMAC and asymmetric keys keep their first material for life: reimport of the same only.
    String digest = ctx.materialDigest(material.identity());
    if (k.materialDigest != null && !k.materialDigest.equals(digest)) {
      throw incorrect(
          "The key material does not match the key material previously imported into "
              + k.arn
              + ". HMAC and asymmetric keys keep their first key material; reimport it.");
    }
    if (k.material != null) {
      java.util.Arrays.fill(k.material, (byte) 0);
    }
    k.material = material.material();
    k.materialDigest = digest;
    k.expirationModel = effectiveModel;
    k.validTo = EXPIRES.equals(effectiveModel) ? validTo.toEpochMilli() : null;
    k.state = KeyState.Enabled;
    ctx.store().markDirty();
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    return out;
  }

  private void checkValidTo(String model, Instant validTo, boolean given) {
    if (EXPIRES.equals(model) && !given) {
      throw KmsError.validation(
          "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
    }
    if (DOES_NOT_EXPIRE.equals(model) && given) {
      throw KmsError.validation(
          "The parameter ValidTo cannot be specified for a key with an expiration model of"
              + " KEY_MATERIAL_DOES_NOT_EXPIRE");
    }
    if (validTo != null) {
      Instant now = ctx.now();
      if (!validTo.isAfter(now)) {
        throw KmsError.validation(
            "ValidTo must be in the future; "
                + validTo
                + " is not after the current time "
                + now
                + ".");
      }
      if (validTo.isAfter(now.plus(Duration.ofDays(365)))) {
        throw KmsError.validation(
            "ValidTo must be at most 365 days from now ("
                + now.plus(Duration.ofDays(365))
                + "); got "
                + validTo
                + ".");
      }
    }
  }

  private static PrivateKey wrappingKey(ImportToken token) {
    try {
      return java.security.KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(token.wrappingPrivateKeyPkcs8()));
    } catch (java.security.GeneralSecurityException e) {
      throw new KmsError("InvalidImportTokenException", "The import token is invalid.");
    }
  }

  private static KmsError incorrect(String message) {
    return new KmsError("IncorrectKeyMaterialException", message);
  }
}
