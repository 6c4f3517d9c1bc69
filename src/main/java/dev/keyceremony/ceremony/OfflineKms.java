package dev.keyceremony.ceremony;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsTarget;
import dev.keyceremony.kms.Reply;
import java.time.Instant;
import java.util.List;

/**
 * The KMS of an offline phase ({@code wrap}, {@code seal}) of an air-gapped ceremony: there is
 * none. Every call fails loudly, so a step that would reach for the network cannot do it by
 * accident. No SDK client, no credentials, no socket.
 */
public final class OfflineKms implements Kms {
  private final String phase;

  public OfflineKms(String phase) {
    this.phase = phase;
  }

  private IllegalStateException refuse(String op) {
    return new IllegalStateException(
        "the offline phase '"
            + phase
            + "' makes no KMS call ("
            + op
            + " asked for); this is a bug in the phase");
  }

  @Override
  public KmsTarget target() {
    throw refuse("target");
  }

  @Override
  public Reply<List<String>> listKeyIds(int limit) {
    throw refuse("ListKeys");
  }

  @Override
  public Reply<KeyInfo> describeKey(String keyId) {
    throw refuse("DescribeKey");
  }

  @Override
  public Reply<KeyInfo> createKey(CreateKeySpec spec) {
    throw refuse("CreateKey");
  }

  @Override
  public Reply<Void> createAlias(String aliasName, String keyId) {
    throw refuse("CreateAlias");
  }

  @Override
  public Reply<Void> deleteAlias(String aliasName) {
    throw refuse("DeleteAlias");
  }

  @Override
  public Reply<dev.keyceremony.kms.KeyPage> listKeysPage(String marker) {
    throw refuse("ListKeys");
  }

  @Override
  public Reply<java.util.Map<String, String>> listResourceTags(String keyId) {
    throw refuse("ListResourceTags");
  }

  @Override
  public Reply<Instant> scheduleKeyDeletion(String keyId, int pendingWindowDays) {
    throw refuse("ScheduleKeyDeletion");
  }

  @Override
  public Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    throw refuse("GetParametersForImport");
  }

  @Override
  public Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest request) {
    throw refuse("ImportKeyMaterial");
  }

  @Override
  public Reply<Void> deleteImportedKeyMaterial(String keyId) {
    throw refuse("DeleteImportedKeyMaterial");
  }

  @Override
  public Reply<byte[]> generateMac(String keyId, String macAlgorithm, byte[] message) {
    throw refuse("GenerateMac");
  }

  @Override
  public Reply<byte[]> getPublicKey(String keyId) {
    throw refuse("GetPublicKey");
  }

  @Override
  public Reply<byte[]> sign(String keyId, String signingAlgorithm, byte[] message) {
    throw refuse("Sign");
  }

  @Override
  public Reply<byte[]> encrypt(String keyId, byte[] plaintext) {
    throw refuse("Encrypt");
  }

  @Override
  public Reply<byte[]> decrypt(String keyId, byte[] ciphertext) {
    throw refuse("Decrypt");
  }

  @Override
  public void close() {
    // nothing was opened
  }

  @Override
  public Reply<List<String>> listAllKeyIds() {
    throw refuse("ListKeys");
  }

  @Override
  public Reply<List<dev.keyceremony.kms.KeyMaterialInfo>> listKeyMaterials(String keyId) {
    throw refuse("ListKeyRotations");
  }

  @Override
  public Reply<Void> rotateKeyOnDemand(String keyId) {
    throw refuse("RotateKeyOnDemand");
  }

  @Override
  public Reply<KeyInfo> replicateKey(
      String keyId, String replicaRegion, java.util.Map<String, String> tags) {
    throw refuse("ReplicateKey");
  }

  @Override
  public dev.keyceremony.kms.Kms inRegion(String region) {
    throw refuse("a client for Region " + region);
  }
}
