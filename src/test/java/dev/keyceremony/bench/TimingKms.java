package dev.keyceremony.bench;

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
import java.util.List;

/** Times every call through the KMS port (benchmark only). */
final class TimingKms implements Kms {
  private final Kms d;
  private final Timer t;

  TimingKms(Kms delegate, Timer timer) {
    this.d = delegate;
    this.t = timer;
  }

  @Override
  public KmsTarget target() {
    return d.target();
  }

  @Override
  public Reply<List<String>> listKeyIds(int limit) {
    return t.time("kms", "ListKeys", () -> d.listKeyIds(limit));
  }

  @Override
  public Reply<KeyInfo> describeKey(String keyId) {
    return t.time("kms", "DescribeKey", () -> d.describeKey(keyId));
  }

  @Override
  public Reply<KeyInfo> createKey(CreateKeySpec spec) {
    return t.time("kms", "CreateKey", () -> d.createKey(spec));
  }

  @Override
  public Reply<Void> createAlias(String aliasName, String keyId) {
    return t.time("kms", "CreateAlias", () -> d.createAlias(aliasName, keyId));
  }

  @Override
  public Reply<Void> deleteAlias(String aliasName) {
    return t.time("kms", "DeleteAlias", () -> d.deleteAlias(aliasName));
  }

  @Override
  public Reply<dev.keyceremony.kms.KeyPage> listKeysPage(String marker) {
    return t.time("kms", "ListKeys", () -> d.listKeysPage(marker));
  }

  @Override
  public Reply<java.util.Map<String, String>> listResourceTags(String keyId) {
    return t.time("kms", "ListResourceTags", () -> d.listResourceTags(keyId));
  }

  @Override
  public Reply<java.time.Instant> scheduleKeyDeletion(String keyId, int days) {
    return t.time("kms", "ScheduleKeyDeletion", () -> d.scheduleKeyDeletion(keyId, days));
  }

  @Override
  public Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm a, WrappingKeySpec s) {
    return t.time("kms", "GetParametersForImport", () -> d.getParametersForImport(keyId, a, s));
  }

  @Override
  public Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest r) {
    return t.time("kms", "ImportKeyMaterial", () -> d.importKeyMaterial(r));
  }

  @Override
  public Reply<Void> deleteImportedKeyMaterial(String keyId) {
    return t.time("kms", "DeleteImportedKeyMaterial", () -> d.deleteImportedKeyMaterial(keyId));
  }

  @Override
  public Reply<List<String>> listAllKeyIds() {
    return t.time("kms", "ListKeys", d::listAllKeyIds);
  }

  @Override
  public Reply<List<dev.keyceremony.kms.KeyMaterialInfo>> listKeyMaterials(String keyId) {
    return t.time("kms", "ListKeyRotations", () -> d.listKeyMaterials(keyId));
  }

  @Override
  public Reply<KeyInfo> replicateKey(
      String keyId, String region, java.util.Map<String, String> tags) {
    return t.time("kms", "ReplicateKey", () -> d.replicateKey(keyId, region, tags));
  }

  @Override
  public Kms inRegion(String region) {
    return new TimingKms(d.inRegion(region), t);
  }

  @Override
  public Reply<Void> rotateKeyOnDemand(String keyId) {
    return t.time("kms", "RotateKeyOnDemand", () -> d.rotateKeyOnDemand(keyId));
  }

  @Override
  public Reply<byte[]> generateMac(String keyId, String alg, byte[] m) {
    return t.time("kms", "GenerateMac", () -> d.generateMac(keyId, alg, m));
  }

  @Override
  public Reply<byte[]> getPublicKey(String keyId) {
    return t.time("kms", "GetPublicKey", () -> d.getPublicKey(keyId));
  }

  @Override
  public Reply<byte[]> sign(String keyId, String alg, byte[] m) {
    return t.time("kms", "Sign", () -> d.sign(keyId, alg, m));
  }

  @Override
  public Reply<byte[]> encrypt(String keyId, byte[] p) {
    return t.time("kms", "Encrypt", () -> d.encrypt(keyId, p));
  }

  @Override
  public Reply<byte[]> decrypt(String keyId, byte[] c) {
    return t.time("kms", "Decrypt", () -> d.decrypt(keyId, c));
  }

  @Override
  public void close() {
    d.close();
  }
}
