package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyState;
import dev.keyceremony.localkms.model.KeyStore;
import java.util.regex.Pattern;

/**
 * ReplicateKey: a replica of a multi-Region primary in another Region with the same key ID. An
 * AWS_KMS replica shares the primary's material; an EXTERNAL replica starts in PendingImport and
 * needs its own import of the same material (KMS never copies imported material).
 */
final class ReplicateKey implements Operation {
  private static final Pattern REGION = Pattern.compile("^([a-z]+-){2,3}\\d+$");
  private final KmsContext ctx;
  private final Materials materials;

  ReplicateKey(KmsContext ctx) {
    this.ctx = ctx;
    this.materials = new Materials(ctx);
  }

  @Override
  public ObjectNode handle(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    String region = r.string("ReplicaRegion", true, 1, 32, REGION);
    String policy = r.string("Policy", false, 1, 131072);
    r.bool("BypassPolicyLockoutSafetyCheck");
    String description = r.string("Description", false, 0, 8192);
    var tags = Tagging.parse(r);
    r.done();
    KeyRecord p = ctx.store().find(c.account(), c.region(), keyId, false);
    if (!p.multiRegion) {
      throw KmsError.unsupported(p.arn + " is not a multi-Region key.");
    }
    if (!"PRIMARY".equals(p.multiRegionType)) {
      throw KmsError.unsupported(p.arn + " is not a multi-Region primary key.");
    }
    KeyRules.requireNotPendingDeletion(p);
    if (region.equals(p.region)) {
      throw KmsError.validation(
          "The ReplicaRegion " + region + " is the Region of the primary key; choose another.");
    }
    String arn = KeyStore.keyArn(region, c.account(), p.keyId);
    if (ctx.store().byArn(arn) != null) {
      throw new KmsError("AlreadyExistsException", "Replica key " + arn + " already exists.");
    }
    KeyRecord k = new KeyRecord();
    k.account = p.account;
    k.region = region;
    k.keyId = p.keyId;
    k.arn = arn;
    k.creationDate = ctx.now().toEpochMilli();
    k.description = description == null ? p.description : description;
    k.keySpec = p.keySpec;
    k.keyUsage = p.keyUsage;
    k.origin = p.origin;
    k.multiRegion = true;
    k.multiRegionType = "REPLICA";
    k.primaryRegion = p.region;
    k.tags = tags;
    k.policy = KeyPolicies.checked(policy);
    if (p.isExternal()) {
      k.state = KeyState.PendingImport;
      // The replica must receive the same material as the primary.
      k.materialDigest = p.materialDigest;
    } else {
      k.state = p.state == KeyState.Disabled ? KeyState.Disabled : KeyState.Enabled;
      k.material = p.material.clone();
      k.currentKeyMaterialId = p.currentKeyMaterialId;
    }
    ctx.store().put(k);
    p.replicaRegions.add(region);
    if (k.spec().isSymmetric()) {
      materials.initReplica(p, k);
    }
    ctx.store().markDirty();
    ObjectNode out = Json.object();
    out.set("ReplicaKeyMetadata", KeyMetadataJson.of(k, ctx.store()));
    out.put("ReplicaPolicy", KeyPolicies.of(k));
    out.set("ReplicaTags", Json.MAPPER.valueToTree(tags));
    return out;
  }
}
