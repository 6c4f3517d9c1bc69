package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.crypto.AsymmetricKeys;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeySpecInfo;
import dev.keyceremony.localkms.model.KeyState;
import dev.keyceremony.localkms.model.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** CreateKey: AWS_KMS keys get generated material; EXTERNAL keys start in PendingImport. */
final class CreateKey implements Operation {
  static final List<String> USAGES =
      List.of("SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");
  static final List<String> ORIGINS =
      List.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KmsContext ctx;

  CreateKey(KmsContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public ObjectNode handle(Caller caller, JsonRequest r) {
    String policy = r.string("Policy", false, 1, 131072);
    String description = r.string("Description", false, 0, 8192);
    String usage = r.enumValue("KeyUsage", false, USAGES);
    String cmkSpec = r.enumValue("CustomerMasterKeySpec", false, KeySpecInfo.MODEL_VALUES);
    String keySpec = r.enumValue("KeySpec", false, KeySpecInfo.MODEL_VALUES);
    String origin = r.enumValue("Origin", false, ORIGINS);
    String customKeyStore = r.string("CustomKeyStoreId", false, 1, 64);
    r.bool("BypassPolicyLockoutSafetyCheck");
    Boolean multiRegion = r.bool("MultiRegion");
    r.string("XksKeyId", false, 1, 128);
    List<Map<String, String>> tags = Tagging.parse(r);
    r.done();

    if (cmkSpec != null && keySpec != null) {
      throw KmsError.validation(
          "You cannot specify KeySpec and CustomerMasterKeySpec in the same request."
              + " CustomerMasterKeySpec is deprecated.");
    }
    String specName = keySpec != null ? keySpec : (cmkSpec != null ? cmkSpec : "SYMMETRIC_DEFAULT");
    String orig = origin == null ? "AWS_KMS" : origin;
    if (customKeyStore != null
        || orig.equals("AWS_CLOUDHSM")
        || orig.equals("EXTERNAL_KEY_STORE")) {
      throw KmsError.unsupported(
          "Custom key stores are not supported by this local KMS (Origin " + orig + ").");
    }
    KeySpecInfo spec = KeySpecInfo.byName(specName);
    if (spec == null) {
      throw refusedSpec(specName, orig, caller.region());
    }
    String effectiveUsage = usage == null ? "ENCRYPT_DECRYPT" : usage;
    if (!spec.allowedUsages().contains(effectiveUsage)) {
      throw KmsError.validation(
          "KeyUsage "
              + effectiveUsage
              + " is not compatible with KeySpec "
              + specName
              + ". Valid KeyUsage values for "
              + specName
              + ": "
              + spec.allowedUsages()
              + ".");
    }

    KeyRecord k = new KeyRecord();
    k.account = caller.account();
    k.region = caller.region();
    k.multiRegion = Boolean.TRUE.equals(multiRegion);
    k.keyId = k.multiRegion ? "mrk-" + randomHex(16) : UUID.randomUUID().toString();
    k.arn = KeyStore.keyArn(k.region, k.account, k.keyId);
    k.creationDate = ctx.now().toEpochMilli();
    k.description = description == null ? "" : description;
    k.keySpec = specName;
    k.keyUsage = effectiveUsage;
    k.origin = orig;
    k.tags = tags;
    k.policy = KeyPolicies.checked(policy);
    if (k.multiRegion) {
      k.multiRegionType = "PRIMARY";
      k.primaryRegion = k.region;
    }
    if (orig.equals("EXTERNAL")) {
      k.state = KeyState.PendingImport;
    } else {
      k.state = KeyState.Enabled;
      k.material = AsymmetricKeys.generate(spec);
      if (spec.isSymmetric()) {
        k.currentKeyMaterialId = ctx.keyMaterialId(k.keyId, k.material);
      }
    }
    ctx.store().put(k);
    ObjectNode out = Json.object();
    out.set("KeyMetadata", KeyMetadataJson.of(k, ctx.store()));
    return out;
  }

  private static KmsError refusedSpec(String spec, String origin, String region) {
    if (spec.equals("SM2") && !region.startsWith("cn-")) {
      return KmsError.unsupported(
          "KeySpec SM2 is supported only in China Regions; " + region + " is not one.");
    }
    if (spec.startsWith("ML_DSA") && origin.equals("EXTERNAL")) {
      return KmsError.unsupported(
          "You can't import key material for ML-DSA KMS keys: KeySpec "
              + spec
              + " is not valid with Origin EXTERNAL.");
    }
    return KmsError.unsupported("KeySpec " + spec + " is not supported by this local KMS.");
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
