package dev.keyceremony.ceremony;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.KmsTarget;
import dev.keyceremony.kms.Reply;
import dev.keyceremony.kms.RetryingKms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records every KMS call made through it (operation, request ID, and the error code of a failed
 * call), so that each step's transcript entry lists every KMS request ID, failures included.
 */
final class RecordingKms implements Kms, RetryingKms.Observer {
  private final Kms delegate;
  private List<Map<String, Object>> calls = new ArrayList<>();
  private List<Map<String, Object>> retries = new ArrayList<>();

  /** For a client in another Region: the recorder whose list its calls go to, and the Region. */
  private RecordingKms parent;

  private String region;

  RecordingKms(Kms delegate) {
    this.delegate = delegate;
  }

  /** Returns the calls since the last drain and starts a new list. */
  List<Map<String, Object>> drain() {
    List<Map<String, Object>> out = calls;
    calls = new ArrayList<>();
    return out;
  }

  /** A retry inside the call in flight: recorded with that call (attempt, error, request ID). */
  @Override
  public void retrying(RetryingKms.Retry r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("operation", r.operation());
    m.put("attempt", r.attempt());
    m.put("error", r.errorCode());
    Records.putIf(m, "requestId", r.requestId());
    m.put("httpStatus", r.httpStatus());
    m.put("delayMs", r.delayMillis());
    retries.add(m);
  }

  private <T> Reply<T> call(String op, Supplier<Reply<T>> s) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("operation", op);
    Records.putIf(c, "region", region);
    retries = new ArrayList<>();
    try {
      Reply<T> r = s.get();
      c.put("requestId", r.requestId());
      return r;
    } catch (KmsException e) {
      c.put("requestId", e.requestId());
      c.put("error", e.errorCode());
      throw e;
    } finally {
      if (!retries.isEmpty()) {
        c.put("retries", retries);
        retries = new ArrayList<>();
      }
      (parent != null ? parent.calls : calls).add(c);
    }
  }

  @Override
  public KmsTarget target() {
    return delegate.target();
  }

  @Override
  public Reply<List<String>> listKeyIds(int limit) {
    return call("ListKeys", () -> delegate.listKeyIds(limit));
  }

  @Override
  public Reply<KeyInfo> describeKey(String keyId) {
    return call("DescribeKey", () -> delegate.describeKey(keyId));
  }

  @Override
  public Reply<KeyInfo> createKey(CreateKeySpec spec) {
    return call("CreateKey", () -> delegate.createKey(spec));
  }

  @Override
  public Reply<Void> createAlias(String aliasName, String keyId) {
    return call("CreateAlias", () -> delegate.createAlias(aliasName, keyId));
  }

  @Override
  public Reply<Void> deleteAlias(String aliasName) {
    return call("DeleteAlias", () -> delegate.deleteAlias(aliasName));
  }

  @Override
  public Reply<dev.keyceremony.kms.KeyPage> listKeysPage(String marker) {
    return call("ListKeys", () -> delegate.listKeysPage(marker));
  }

  @Override
  public Reply<Map<String, String>> listResourceTags(String keyId) {
    return call("ListResourceTags", () -> delegate.listResourceTags(keyId));
  }

  @Override
  public Reply<java.time.Instant> scheduleKeyDeletion(String keyId, int pendingWindowDays) {
    return call(
        "ScheduleKeyDeletion", () -> delegate.scheduleKeyDeletion(keyId, pendingWindowDays));
  }

  @Override
  public Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    return call(
        "GetParametersForImport",
        () -> delegate.getParametersForImport(keyId, algorithm, wrappingKeySpec));
  }

  @Override
  public Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest request) {
    return call("ImportKeyMaterial", () -> delegate.importKeyMaterial(request));
  }

  @Override
  public Reply<Void> deleteImportedKeyMaterial(String keyId) {
    return call("DeleteImportedKeyMaterial", () -> delegate.deleteImportedKeyMaterial(keyId));
  }

  @Override
  public Reply<List<String>> listAllKeyIds() {
    return call("ListKeys", delegate::listAllKeyIds);
  }

  @Override
  public Reply<List<dev.keyceremony.kms.KeyMaterialInfo>> listKeyMaterials(String keyId) {
    return call("ListKeyRotations", () -> delegate.listKeyMaterials(keyId));
  }

  @Override
  public Reply<Void> rotateKeyOnDemand(String keyId) {
    return call("RotateKeyOnDemand", () -> delegate.rotateKeyOnDemand(keyId));
  }

  @Override
  public Reply<KeyInfo> replicateKey(String keyId, String replicaRegion, Map<String, String> tags) {
    return call("ReplicateKey", () -> delegate.replicateKey(keyId, replicaRegion, tags));
  }

  /** Calls in another Region are recorded in this recorder's list, with their Region. */
  @Override
  public Kms inRegion(String region) {
    RecordingKms r = new RecordingKms(delegate.inRegion(region));
    r.parent = this;
    r.region = region;
    if (r.delegate instanceof RetryingKms k) {
      k.observe(r);
    }
    return r;
  }

  @Override
  public Reply<byte[]> generateMac(String keyId, String macAlgorithm, byte[] message) {
    return call("GenerateMac", () -> delegate.generateMac(keyId, macAlgorithm, message));
  }

  @Override
  public Reply<byte[]> getPublicKey(String keyId) {
    return call("GetPublicKey", () -> delegate.getPublicKey(keyId));
  }

  @Override
  public Reply<byte[]> sign(String keyId, String signingAlgorithm, byte[] message) {
    return call("Sign", () -> delegate.sign(keyId, signingAlgorithm, message));
  }

  @Override
  public Reply<byte[]> encrypt(String keyId, byte[] plaintext) {
    return call("Encrypt", () -> delegate.encrypt(keyId, plaintext));
  }

  @Override
  public Reply<byte[]> decrypt(String keyId, byte[] ciphertext) {
    return call("Decrypt", () -> delegate.decrypt(keyId, ciphertext));
  }

  @Override
  public void close() {
    // The caller owns the delegate.
  }
}
