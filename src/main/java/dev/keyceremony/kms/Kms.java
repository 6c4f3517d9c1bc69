package dev.keyceremony.kms;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.util.List;

/**
 * The KMS operations a ceremony needs. Each call either returns a result carrying its request ID or
 * throws {@link KmsException} with the AWS error code, message and request ID.
 */
public interface Kms extends AutoCloseable {
  /** Where this client talks to: region, endpoint, and the account when known. */
  KmsTarget target();

  /** A cheap reachability and credentials check (ListKeys with Limit 1). */
  Reply<List<String>> listKeyIds(int limit);

  Reply<KeyInfo> describeKey(String keyId);

  Reply<KeyInfo> createKey(CreateKeySpec spec);

  Reply<Void> createAlias(String aliasName, String keyId);

  /** DeleteAlias ({@code alias/...}). */
  Reply<Void> deleteAlias(String aliasName);

  /** One page of ListKeys (up to 1000 keys); {@code marker} null for the first. */
  Reply<KeyPage> listKeysPage(String marker);

  /** ListResourceTags of one key, every page, as a map. */
  Reply<java.util.Map<String, String>> listResourceTags(String keyId);

  /**
   * The IDs of the keys that carry tag {@code tagKey} with {@code tagValue}: ListKeys (every page)
   * and ListResourceTags per key, each call through this client (so a retrying client retries each
   * one). Slow on accounts with many keys; used only to find a key whose CreateKey answer was lost.
   */
  default Reply<List<String>> findKeyIdsByTag(String tagKey, String tagValue) {
    List<String> found = new java.util.ArrayList<>();
    String marker = null;
    String last;
    do {
      Reply<KeyPage> page = listKeysPage(marker);
      last = page.requestId();
      for (String id : page.value().keyIds()) {
        if (tagValue.equals(listResourceTags(id).value().get(tagKey))) {
          found.add(id);
        }
      }
      marker = page.value().nextMarker();
    } while (marker != null);
    return new Reply<>(List.copyOf(found), last);
  }

  /** ScheduleKeyDeletion with a waiting period of 7-30 days; returns the deletion date. */
  Reply<java.time.Instant> scheduleKeyDeletion(String keyId, int pendingWindowDays);

  Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec);

  Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest request);

  Reply<Void> deleteImportedKeyMaterial(String keyId);

  /** GenerateMac with the HMAC_SHA_* algorithm of the key's spec. */
  Reply<byte[]> generateMac(String keyId, String macAlgorithm, byte[] message);

  /** GetPublicKey: DER SubjectPublicKeyInfo. */
  Reply<byte[]> getPublicKey(String keyId);

  /** Sign with MessageType RAW; returns the signature as KMS encodes it. */
  Reply<byte[]> sign(String keyId, String signingAlgorithm, byte[] message);

  /** Encrypt with SYMMETRIC_DEFAULT; returns the ciphertext blob. */
  Reply<byte[]> encrypt(String keyId, byte[] plaintext);

  /** Decrypt a ciphertext blob made by {@link #encrypt}. */
  Reply<byte[]> decrypt(String keyId, byte[] ciphertext);

  /** ListKeys, every page: the IDs of all keys the caller can see in this Region. */
  Reply<List<String>> listAllKeyIds();

  /** ListKeyRotations with IncludeKeyMaterial=ALL_KEY_MATERIAL, every page (symmetric keys). */
  Reply<List<KeyMaterialInfo>> listKeyMaterials(String keyId);

  /** RotateKeyOnDemand: the pending material becomes current. */
  Reply<Void> rotateKeyOnDemand(String keyId);

  /** ReplicateKey of a multi-Region primary into {@code replicaRegion}, with these tags. */
  Reply<KeyInfo> replicateKey(
      String keyId, String replicaRegion, java.util.Map<String, String> tags);

  /**
   * A client like this one (endpoint, credentials, retries) for another Region; the caller closes
   * it. A local KMS serves every Region on one endpoint (the Region is the SigV4 scope's).
   */
  Kms inRegion(String region);

  @Override
  void close();
}
