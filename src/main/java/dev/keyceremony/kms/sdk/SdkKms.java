package dev.keyceremony.kms.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsDocumentApi;
import dev.keyceremony.kms.KmsTarget;
import dev.keyceremony.kms.MemberShape;
import dev.keyceremony.kms.Reply;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The {@link Kms} port over the AWS SDK for Java v2 {@link KmsClient} (Apache HTTP client). Every
 * SDK exception becomes a port {@code KmsException}; every result carries the request ID.
 */
public final class SdkKms implements Kms, KmsDocumentApi {
  /** The access key ID the local KMS accepts (AWS's documentation example). */
  public static final String LOCAL_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

  /** The local KMS's account. */
  public static final String LOCAL_ACCOUNT_ID = "111122223333";

  // AWS's published example secret key, which the local KMS accepts; not a real credential.
  private static final String LOCAL_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private final KmsClient client;
  private final KmsTarget target;
  private final URI endpoint;
  private final KmsOperations operations;
  private final Consumer<String> debug;

  private SdkKmsConfig config;

  private SdkKms(ClientFactory.Built built, Consumer<String> debug) {
    this.client = built.client();
    this.endpoint = built.endpoint();
    this.target = new KmsTarget(built.region(), built.endpoint().toString(), built.profile());
    this.operations = new KmsOperations(client);
    this.debug = debug;
  }

  /** A client configured exactly as {@code config} says. */
  public static SdkKms create(SdkKmsConfig config) {
    SdkKms k = new SdkKms(ClientFactory.build(config), config.debug());
    k.config = config;
    return k;
  }

  /**
   * A client for AWS from the SDK's default chains: {@code region} and {@code profile} may be null
   * (then AWS_REGION / the profile, and AWS_PROFILE / "default"). Standard retries.
   */
  public static SdkKms fromProfile(String region, String profile) {
    return create(SdkKmsConfig.builder().region(region).profile(profile).build());
  }

  /** A client for an explicit endpoint with static credentials; standard retries. */
  public static SdkKms forEndpoint(URI endpoint, String region, String accessKeyId, Secret secret) {
    return create(
        SdkKmsConfig.builder()
            .endpoint(endpoint)
            .region(region)
            .staticCredentials(accessKeyId, secret)
            .build());
  }

  /** The local KMS's example secret access key, as a fresh {@link Secret}. */
  public static Secret localSecret() {
    return Secret.adopt(LOCAL_SECRET_ACCESS_KEY.toCharArray());
  }

  /** A client for the local KMS at {@code endpoint}, with its fixed example credentials. */
  public static SdkKms forLocalKms(URI endpoint, String region) {
    return forEndpoint(
        endpoint, region, LOCAL_ACCESS_KEY_ID, Secret.adopt(LOCAL_SECRET_ACCESS_KEY.toCharArray()));
  }

  @Override
  public KmsTarget target() {
    return target;
  }

  private <R extends AwsResponse> R invoke(String operation, Supplier<R> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw ErrorMapper.map(operation, e, endpoint);
    }
  }

  private static String requestId(AwsResponse r) {
    return r.responseMetadata().requestId();
  }

  @Override
  public Reply<List<String>> listKeyIds(int limit) {
    var r = invoke("ListKeys", () -> client.listKeys(b -> b.limit(limit)));
    return new Reply<>(r.keys().stream().map(KeyListEntry::keyId).toList(), requestId(r));
  }

  @Override
  public Reply<KeyInfo> describeKey(String keyId) {
    var r = invoke("DescribeKey", () -> client.describeKey(b -> b.keyId(keyId)));
    return new Reply<>(KeyInfoMapper.from(r.keyMetadata()), requestId(r));
  }

  @Override
  public Reply<KeyInfo> createKey(CreateKeySpec spec) {
    List<Tag> tags =
        spec.tags().entrySet().stream()
            .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build())
            .toList();
    var r =
        invoke(
            "CreateKey",
            () ->
                client.createKey(
                    b -> {
                      b.origin(OriginType.EXTERNAL)
                          .keySpec(spec.keySpec())
                          .keyUsage(spec.keyUsage())
                          .multiRegion(spec.multiRegion());
                      if (spec.description() != null) {
                        b.description(spec.description());
                      }
                      if (!tags.isEmpty()) {
                        b.tags(tags);
                      }
                    }));
    return new Reply<>(KeyInfoMapper.from(r.keyMetadata()), requestId(r));
  }

  @Override
  public Reply<Void> createAlias(String aliasName, String keyId) {
    var r =
        invoke(
            "CreateAlias",
            () -> client.createAlias(b -> b.aliasName(aliasName).targetKeyId(keyId)));
    return new Reply<>(null, requestId(r));
  }

  @Override
  public Reply<Void> deleteAlias(String aliasName) {
    var r = invoke("DeleteAlias", () -> client.deleteAlias(b -> b.aliasName(aliasName)));
    return new Reply<>(null, requestId(r));
  }

  @Override
  public Reply<dev.keyceremony.kms.KeyPage> listKeysPage(String marker) {
    var page = invoke("ListKeys", () -> client.listKeys(b -> b.limit(1000).marker(marker)));
    return new Reply<>(
        new dev.keyceremony.kms.KeyPage(
            page.keys().stream().map(KeyListEntry::keyId).toList(),
            Boolean.TRUE.equals(page.truncated()) ? page.nextMarker() : null),
        requestId(page));
  }

  @Override
  public Reply<java.util.Map<String, String>> listResourceTags(String keyId) {
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
    String marker = null;
    String last;
    do {
      String m = marker;
      var page =
          invoke("ListResourceTags", () -> client.listResourceTags(b -> b.keyId(keyId).marker(m)));
      last = requestId(page);
      page.tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
      marker = Boolean.TRUE.equals(page.truncated()) ? page.nextMarker() : null;
    } while (marker != null);
    return new Reply<>(tags, last);
  }

  @Override
  public Reply<List<String>> listAllKeyIds() {
    List<String> ids = new java.util.ArrayList<>();
    String marker = null;
    String last = null;
    do {
      String m = marker;
      var page = invoke("ListKeys", () -> client.listKeys(b -> b.limit(1000).marker(m)));
      last = requestId(page);
      page.keys().forEach(k -> ids.add(k.keyId()));
      marker = Boolean.TRUE.equals(page.truncated()) ? page.nextMarker() : null;
    } while (marker != null);
    return new Reply<>(List.copyOf(ids), last);
  }

  @Override
  public Reply<List<dev.keyceremony.kms.KeyMaterialInfo>> listKeyMaterials(String keyId) {
    List<dev.keyceremony.kms.KeyMaterialInfo> out = new java.util.ArrayList<>();
    String marker = null;
    String last = null;
    do {
      String m = marker;
      var page =
          invoke(
              "ListKeyRotations",
              () ->
                  client.listKeyRotations(
                      b -> b.keyId(keyId).includeKeyMaterial("ALL_KEY_MATERIAL").marker(m)));
      last = requestId(page);
      page.rotations()
          .forEach(
              r ->
                  out.add(
                      new dev.keyceremony.kms.KeyMaterialInfo(
                          r.keyMaterialId(),
                          r.keyMaterialDescription(),
                          r.importStateAsString(),
                          r.keyMaterialStateAsString(),
                          r.expirationModelAsString(),
                          r.validTo(),
                          r.rotationDate())));
      marker = Boolean.TRUE.equals(page.truncated()) ? page.nextMarker() : null;
    } while (marker != null);
    return new Reply<>(List.copyOf(out), last);
  }

  @Override
  public Reply<KeyInfo> replicateKey(
      String keyId, String replicaRegion, java.util.Map<String, String> tags) {
    List<Tag> t =
        tags.entrySet().stream()
            .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build())
            .toList();
    var r =
        invoke(
            "ReplicateKey",
            () ->
                client.replicateKey(
                    b -> {
                      b.keyId(keyId).replicaRegion(replicaRegion);
                      if (!t.isEmpty()) {
                        b.tags(t);
                      }
                    }));
    return new Reply<>(KeyInfoMapper.from(r.replicaKeyMetadata()), requestId(r));
  }

  @Override
  public Kms inRegion(String region) {
    SdkKmsConfig c = config;
    return create(
        new SdkKmsConfig(
            region,
            c.profile(),
            c.endpoint(),
            c.accessKeyId(),
            c.secretAccessKey(),
            c.unsigned(),
            c.retries(),
            c.connectTimeout(),
            c.readTimeout(),
            c.verifyTls(),
            c.caBundle(),
            c.debug(),
            c.environment()));
  }

  @Override
  public Reply<Void> rotateKeyOnDemand(String keyId) {
    var r = invoke("RotateKeyOnDemand", () -> client.rotateKeyOnDemand(b -> b.keyId(keyId)));
    return new Reply<>(null, requestId(r));
  }

  @Override
  public Reply<java.time.Instant> scheduleKeyDeletion(String keyId, int pendingWindowDays) {
    var r =
        invoke(
            "ScheduleKeyDeletion",
            () ->
                client.scheduleKeyDeletion(
                    b -> b.keyId(keyId).pendingWindowInDays(pendingWindowDays)));
    return new Reply<>(r.deletionDate(), requestId(r));
  }

  @Override
  public Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    var r =
        invoke(
            "GetParametersForImport",
            () ->
                client.getParametersForImport(
                    b ->
                        b.keyId(keyId)
                            .wrappingAlgorithm(algorithm.name())
                            .wrappingKeySpec(wrappingKeySpec.name())));
    return new Reply<>(
        new ImportParameters(
            r.keyId(),
            r.publicKey().asByteArray(),
            r.importToken().asByteArray(),
            r.parametersValidTo()),
        requestId(r));
  }

  @Override
  public Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest q) {
    var r =
        invoke(
            "ImportKeyMaterial",
            () ->
                client.importKeyMaterial(
                    b -> {
                      b.keyId(q.keyId())
                          .importToken(SdkBytes.fromByteArray(q.importToken()))
                          .encryptedKeyMaterial(SdkBytes.fromByteArray(q.encryptedKeyMaterial()));
                      if (q.expirationModel() != null) {
                        b.expirationModel(q.expirationModel());
                      }
                      if (q.validTo() != null) {
                        b.validTo(q.validTo());
                      }
                      if (q.importType() != null) {
                        b.importType(q.importType());
                      }
                      if (q.keyMaterialDescription() != null) {
                        b.keyMaterialDescription(q.keyMaterialDescription());
                      }
                      if (q.keyMaterialId() != null) {
                        b.keyMaterialId(q.keyMaterialId());
                      }
                    }));
    return new Reply<>(new ImportOutcome(r.keyId(), r.keyMaterialId()), requestId(r));
  }

  @Override
  public Reply<Void> deleteImportedKeyMaterial(String keyId) {
    var r =
        invoke(
            "DeleteImportedKeyMaterial",
            () -> client.deleteImportedKeyMaterial(b -> b.keyId(keyId)));
    return new Reply<>(null, requestId(r));
  }

  @Override
  public Reply<byte[]> generateMac(String keyId, String macAlgorithm, byte[] message) {
    var r =
        invoke(
            "GenerateMac",
            () ->
                client.generateMac(
                    b ->
                        b.keyId(keyId)
                            .macAlgorithm(macAlgorithm)
                            .message(SdkBytes.fromByteArray(message))));
    return new Reply<>(r.mac().asByteArray(), requestId(r));
  }

  @Override
  public Reply<byte[]> getPublicKey(String keyId) {
    var r = invoke("GetPublicKey", () -> client.getPublicKey(b -> b.keyId(keyId)));
    return new Reply<>(r.publicKey().asByteArray(), requestId(r));
  }

  @Override
  public Reply<byte[]> sign(String keyId, String signingAlgorithm, byte[] message) {
    var r =
        invoke(
            "Sign",
            () ->
                client.sign(
                    b ->
                        b.keyId(keyId)
                            .signingAlgorithm(signingAlgorithm)
                            .messageType(MessageType.RAW)
                            .message(SdkBytes.fromByteArray(message))));
    return new Reply<>(r.signature().asByteArray(), requestId(r));
  }

  @Override
  public Reply<byte[]> encrypt(String keyId, byte[] plaintext) {
    var r =
        invoke(
            "Encrypt",
            () ->
                client.encrypt(
                    b ->
                        b.keyId(keyId)
                            .encryptionAlgorithm("SYMMETRIC_DEFAULT")
                            .plaintext(SdkBytes.fromByteArray(plaintext))));
    return new Reply<>(r.ciphertextBlob().asByteArray(), requestId(r));
  }

  @Override
  public Reply<byte[]> decrypt(String keyId, byte[] ciphertext) {
    var r =
        invoke(
            "Decrypt",
            () ->
                client.decrypt(
                    b ->
                        b.keyId(keyId)
                            .encryptionAlgorithm("SYMMETRIC_DEFAULT")
                            .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))));
    return new Reply<>(r.plaintext().asByteArray(), requestId(r));
  }

  @Override
  public Reply<ObjectNode> call(String operation, ObjectNode input) {
    var request = operations.request(operation, input);
    if (debug != null) {
      debug.accept("Calling " + operation + " with parameters: " + Redaction.redact(input));
    }
    AwsResponse r = invoke(operation, () -> operations.invoke(operation, request));
    ObjectNode out = DocumentCodec.toJson(r);
    if (debug != null) {
      debug.accept(
          operation + " returned (request ID " + requestId(r) + "): " + Redaction.redact(out));
    }
    return new Reply<>(out, requestId(r));
  }

  @Override
  public List<MemberShape> inputShape(String operation) {
    return KmsOperations.inputShape(operation);
  }

  @Override
  public List<MemberShape> outputShape(String operation) {
    return KmsOperations.outputShape(operation);
  }

  @Override
  public void close() {
    client.close();
  }
}
