package dev.keyceremony.ceremony;

import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.RetryingKms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A multi-Region ceremony after the primary's import is proven: ReplicateKey into every replica
 * Region that has no replica yet (an intent and a result around each, tagged like the primary),
 * then checks each replica (same key ID, EXTERNAL, same spec, multi-Region). Replicating after the
 * primary holds material lets KMS itself refuse other material in a replica. A Region whose replica
 * exists (an earlier run, or made before) is not replicated again.
 */
final class ReplicateStep implements Step {
  @Override
  public String name() {
    return "replicate";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    String keyId = st.keyId();
    if (!st.key.multiRegion()) {
      throw new CeremonyFailure(
          FailCause.NOT_MULTI_REGION,
          "key "
              + keyId
              + " is not a multi-Region"
              + " key, so it cannot have replicas in "
              + ctx.script().key().replicaRegions(),
          "use key.create (replica-regions makes a multi-Region key) or an mrk- key");
    }
    Map<String, Object> replicas = new LinkedHashMap<>();
    for (String region : ctx.script().key().replicaRegions()) {
      Kms r = st.in(ctx, region);
      Optional<KeyInfo> existing = describe(r, keyId);
      KeyInfo k;
      if (existing.isPresent()) {
        k = existing.get();
      } else {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RetryingKms.CEREMONY_TAG, ctx.control().ceremonyId());
        tags.put(CreateKeyStep.HSM_LABEL_TAG, st.target.label());
        Map<String, Object> handle = new LinkedHashMap<>();
        handle.put("keyId", keyId);
        handle.put("region", region);
        handle.put("check", "DescribeKey " + keyId + " in " + region + ": the replica exists");
        k =
            SideEffects.perform(
                ctx,
                name(),
                "kms:ReplicateKey",
                handle,
                () -> ctx.kms().replicateKey(keyId, region, tags).value(),
                v -> Map.of("keyArn", v.arn(), "keyState", v.keyState()));
      }
      if (!keyId.equals(k.keyId())
          || !"EXTERNAL".equals(k.origin())
          || !st.keySpec.name().equals(k.keySpec())
          || !k.multiRegion()) {
        throw new CeremonyFailure(
            FailCause.REPLICA_UNEXPECTED,
            "the replica in "
                + region
                + " is key "
                + k.keyId()
                + " with Origin "
                + k.origin()
                + ", KeySpec "
                + k.keySpec()
                + ", MultiRegion "
                + k.multiRegion()
                + "; expected "
                + keyId
                + ", EXTERNAL, "
                + st.keySpec
                + ", true",
            "check the key in KMS");
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("keyArn", k.arn());
      d.put("keyState", k.keyState());
      d.put("createdNow", existing.isEmpty());
      replicas.put(region, d);
    }
    data.put("replicas", replicas);
  }

  static Optional<KeyInfo> describe(Kms r, String keyId) {
    try {
      return Optional.of(r.describeKey(keyId).value());
    } catch (KmsException e) {
      if ("NotFoundException".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
