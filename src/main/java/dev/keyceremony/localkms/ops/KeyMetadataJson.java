package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeySpecInfo;
import dev.keyceremony.localkms.model.KeyState;
import dev.keyceremony.localkms.model.KeyStore;
import java.util.List;

/** KeyMetadata as AWS shapes it (spec section 1.3). */
final class KeyMetadataJson {
  private KeyMetadataJson() {}

  static ObjectNode of(KeyRecord k, KeyStore store) {
    ObjectNode m = Json.object();
    KeySpecInfo spec = k.spec();
    m.put("AWSAccountId", k.account);
    m.put("KeyId", k.keyId);
    m.put("Arn", k.arn);
    m.set("CreationDate", Json.time(k.creationDate));
    m.put("Enabled", k.state == KeyState.Enabled);
    m.put("Description", k.description);
    m.put("KeyUsage", k.keyUsage);
    m.put("KeyState", k.state.name());
    if (k.deletionDate != null) {
      m.set("DeletionDate", Json.time(k.deletionDate));
    }
    if (k.pendingWindowDays != null && k.state == KeyState.PendingDeletion) {
      m.put("PendingDeletionWindowInDays", k.pendingWindowDays);
    }
    if (k.validTo != null) {
      m.set("ValidTo", Json.time(k.validTo));
    }
    m.put("Origin", k.origin);
    if (k.expirationModel != null) {
      m.put("ExpirationModel", k.expirationModel);
    }
    m.put("KeyManager", "CUSTOMER");
    m.put("CustomerMasterKeySpec", k.keySpec);
    m.put("KeySpec", k.keySpec);
    list(m, "EncryptionAlgorithms", spec.encryptionAlgorithms(k.keyUsage));
    list(m, "SigningAlgorithms", spec.signingAlgorithms(k.keyUsage));
    list(m, "KeyAgreementAlgorithms", spec.keyAgreementAlgorithms(k.keyUsage));
    list(m, "MacAlgorithms", spec.macAlgorithms());
    m.put("MultiRegion", k.multiRegion);
    if (k.multiRegion) {
      m.set("MultiRegionConfiguration", multiRegion(k, store));
    }
    if (k.currentKeyMaterialId != null && spec.isSymmetric()) {
      m.put("CurrentKeyMaterialId", k.currentKeyMaterialId);
    }
    return m;
  }

  private static ObjectNode multiRegion(KeyRecord k, KeyStore store) {
    ObjectNode c = Json.object();
    c.put("MultiRegionKeyType", k.multiRegionType);
    KeyRecord primary =
        "PRIMARY".equals(k.multiRegionType)
            ? k
            : store.byArn(KeyStore.keyArn(k.primaryRegion, k.account, k.keyId));
    ObjectNode p = c.putObject("PrimaryKey");
    p.put("Arn", KeyStore.keyArn(k.primaryRegion, k.account, k.keyId));
    p.put("Region", k.primaryRegion);
    ArrayNode replicas = c.putArray("ReplicaKeys");
    if (primary != null) {
      for (String r : primary.replicaRegions) {
        ObjectNode e = replicas.addObject();
        e.put("Arn", KeyStore.keyArn(r, k.account, k.keyId));
        e.put("Region", r);
      }
    }
    return c;
  }

  private static void list(ObjectNode m, String name, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = m.putArray(name);
      values.forEach(a::add);
    }
  }
}
