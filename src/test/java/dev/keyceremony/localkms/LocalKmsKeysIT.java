package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsAssert.fails;
import static dev.keyceremony.localkms.KmsAssert.failsContaining;
import static dev.keyceremony.localkms.KmsFixture.createExternal;
import static dev.keyceremony.localkms.KmsFixture.importMaterial;
import static dev.keyceremony.localkms.KmsFixture.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Key management, aliases, multi-Region, data keys, faults and the admin clock via the SDK. */
class LocalKmsKeysIT {
  static LocalKms server;
  static KmsClient kms;

  @BeforeAll
  static void start() throws Exception {
    server = LocalKms.builder().port(0).start();
    kms = KmsFixture.client(server, "us-east-1");
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  @Test
  void createKey_usageRulesAndRefusedSpecs() {
    failsContaining(
        () -> kms.createKey(r -> r.keySpec(KeySpec.HMAC_256)),
        "ValidationException",
        "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_256");
    failsContaining(
        () ->
            kms.createKey(
                r -> r.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.KEY_AGREEMENT)),
        "ValidationException",
        "not compatible");
    failsContaining(
        () ->
            kms.createKey(
                r ->
                    r.keySpec(KeySpec.ML_DSA_44)
                        .origin(OriginType.EXTERNAL)
                        .keyUsage(KeyUsageType.SIGN_VERIFY)),
        "UnsupportedOperationException",
        "can't import key material for ML-DSA");
    failsContaining(
        () ->
            kms.createKey(
                r ->
                    r.keySpec(KeySpec.SM2)
                        .origin(OriginType.EXTERNAL)
                        .keyUsage(KeyUsageType.SIGN_VERIFY)),
        "UnsupportedOperationException",
        "only in China Regions");
    fails(() -> kms.createKey(r -> r.keySpec("RSA_1024")), "ValidationException", null);
    KeyMetadata agree =
        kms.createKey(
                r ->
                    r.keySpec(KeySpec.ECC_NIST_P384)
                        .keyUsage(KeyUsageType.KEY_AGREEMENT)
                        .origin(OriginType.EXTERNAL))
            .keyMetadata();
    assertThat(agree.keyAgreementAlgorithmsAsStrings()).containsExactly("ECDH");
    assertThat(agree.signingAlgorithms()).isEmpty();
  }

  @Test
  void awsKmsKeys_signAndEncrypt() {
    KeyMetadata ec =
        kms.createKey(r -> r.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata();
    assertThat(ec.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(ec.currentKeyMaterialId()).isNull();
    var sig =
        kms.sign(
                r ->
                    r.keyId(ec.keyId())
                        .message(SdkBytes.fromUtf8String("m"))
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature();
    assertThat(
            kms.verify(
                    r ->
                        r.keyId(ec.keyId())
                            .message(SdkBytes.fromUtf8String("m"))
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                            .signature(sig))
                .signatureValid())
        .isTrue();
    fails(
        () ->
            kms.verify(
                r ->
                    r.keyId(ec.keyId())
                        .message(SdkBytes.fromUtf8String("n"))
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                        .signature(sig)),
        "KMSInvalidSignatureException",
        null);
    failsContaining(
        () ->
            kms.sign(
                r ->
                    r.keyId(ec.keyId())
                        .message(SdkBytes.fromUtf8String("m"))
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)),
        "InvalidKeyUsageException",
        "ECDSA_SHA_384 is not compatible with the key spec ECC_SECG_P256K1");

    KeyMetadata sym = kms.createKey(r -> r.description("d")).keyMetadata();
    assertThat(sym.currentKeyMaterialId()).matches("[a-f0-9]{64}");
    assertThat(sym.description()).isEqualTo("d");
    failsContaining(
        () -> kms.getPublicKey(r -> r.keyId(sym.keyId())),
        "UnsupportedOperationException",
        "not valid for GetPublicKey");
    var dk =
        kms.generateDataKey(
            r ->
                r.keyId(sym.arn())
                    .keySpec(DataKeySpec.AES_256)
                    .encryptionContext(Map.of("k", "v")));
    assertThat(dk.plaintext().asByteArray()).hasSize(32);
    assertThat(
            kms.decrypt(
                    r -> r.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(Map.of("k", "v")))
                .plaintext())
        .isEqualTo(dk.plaintext());
    fails(
        () -> kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob())),
        "InvalidCiphertextException",
        "");
    fails(
        () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(random(64)))),
        "InvalidCiphertextException",
        "");
    fails(
        () -> kms.generateDataKey(r -> r.keyId(sym.keyId())),
        "ValidationException",
        "Please specify either number of bytes or key spec.");
    KeyMetadata other = kms.createKey(r -> r.description("other")).keyMetadata();
    fails(
        () ->
            kms.decrypt(
                r ->
                    r.keyId(other.keyId())
                        .ciphertextBlob(dk.ciphertextBlob())
                        .encryptionContext(Map.of("k", "v"))),
        "IncorrectKeyException",
        null);
  }

  @Test
  void aliases_createDescribeListDelete() {
    KeyMetadata k = kms.createKey(r -> r.description("aliased")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/app").targetKeyId(k.arn()));
    String aliasArn = "arn:aws:kms:us-east-1:111122223333:alias/app";
    assertThat(kms.describeKey(r -> r.keyId("alias/app")).keyMetadata().keyId())
        .isEqualTo(k.keyId());
    assertThat(kms.describeKey(r -> r.keyId(aliasArn)).keyMetadata().keyId()).isEqualTo(k.keyId());
    assertThat(
            kms.encrypt(r -> r.keyId("alias/app").plaintext(SdkBytes.fromUtf8String("x"))).keyId())
        .isEqualTo(k.arn());
    fails(
        () -> kms.createAlias(r -> r.aliasName("alias/app").targetKeyId(k.keyId())),
        "AlreadyExistsException",
        "An alias with the name " + aliasArn + " already exists");
    failsContaining(
        () -> kms.createAlias(r -> r.aliasName("app2").targetKeyId(k.keyId())),
        "ValidationException",
        "Alias must start with the prefix \"alias/\"");
    failsContaining(
        () -> kms.createAlias(r -> r.aliasName("alias/aws/x").targetKeyId(k.keyId())),
        "NotAuthorizedException",
        "reserved for AWS managed keys");
    var listed = kms.listAliases(r -> r.keyId(k.keyId())).aliases();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).aliasArn()).isEqualTo(aliasArn);
    assertThat(listed.get(0).targetKeyId()).isEqualTo(k.keyId());
    kms.deleteAlias(r -> r.aliasName("alias/app"));
    fails(
        () -> kms.describeKey(r -> r.keyId("alias/app")),
        "NotFoundException",
        "Alias '" + aliasArn + "' is not found.");
    fails(
        () -> kms.deleteAlias(r -> r.aliasName("alias/app")),
        "NotFoundException",
        "Alias " + aliasArn + " is not found.");
  }

  @Test
  void listKeys_pagesWithMarker() {
    try (KmsClient region = KmsFixture.client(server, "ap-south-1")) {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        created.add(region.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId());
      }
      Set<String> seen = new HashSet<>();
      ListKeysResponse page = region.listKeys(r -> r.limit(2));
      int pages = 1;
      page.keys().forEach(e -> seen.add(e.keyId()));
      while (page.truncated()) {
        String marker = page.nextMarker();
        page = region.listKeys(r -> r.limit(2).marker(marker));
        page.keys().forEach(e -> seen.add(e.keyId()));
        pages++;
      }
      assertThat(pages).isEqualTo(3);
      assertThat(seen).isEqualTo(created);
      assertThat(region.listKeysPaginator(r -> r.limit(2)).keys()).hasSize(5);
      fails(() -> region.listKeys(r -> r.marker("bogus")), "InvalidMarkerException", null);
    }
  }

  @Test
  void scheduleAndCancelDeletion() {
    KeyMetadata k = kms.createKey(r -> r.description("del")).keyMetadata();
    fails(
        () -> kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(6)),
        "ValidationException",
        "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy"
            + " constraint: Member must have value greater than or equal to 7");
    var s = kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()));
    assertThat(s.pendingWindowInDays()).isEqualTo(30);
    assertThat(s.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(Duration.between(server.clock().instant(), s.deletionDate()))
        .isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30));
    fails(
        () -> kms.encrypt(r -> r.keyId(k.keyId()).plaintext(SdkBytes.fromUtf8String("x"))),
        "KMSInvalidStateException",
        k.arn() + " is pending deletion.");
    kms.cancelKeyDeletion(r -> r.keyId(k.keyId()));
    assertThat(kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
    kms.enableKey(r -> r.keyId(k.keyId()));
    assertThat(kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata().enabled()).isTrue();
  }

  @Test
  void deletionDatePassing_removesTheKey() {
    KeyMetadata k = createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7));
    server.clock().advance(Duration.ofDays(7).plusSeconds(1));
    try {
      fails(
          () -> kms.describeKey(r -> r.keyId(k.keyId())),
          "NotFoundException",
          "Key '" + k.arn() + "' does not exist");
    } finally {
      server.clock().advance(Duration.ofDays(7).plusSeconds(1).negated());
    }
  }

  @Test
  void multiRegionExternal_replicaNeedsItsOwnImportOfTheSameMaterial() {
    KeyMetadata p =
        kms.createKey(r -> r.origin(OriginType.EXTERNAL).multiRegion(true)).keyMetadata();
    assertThat(p.keyId()).startsWith("mrk-");
    assertThat(p.multiRegionConfiguration().multiRegionKeyType())
        .isEqualTo(MultiRegionKeyType.PRIMARY);
    byte[] material = random(32);
    String id =
        importMaterial(
                kms,
                p.keyId(),
                AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec.RSA_2048,
                material)
            .keyMaterialId();
    var rep = kms.replicateKey(r -> r.keyId(p.keyId()).replicaRegion("eu-central-1"));
    KeyMetadata replica = rep.replicaKeyMetadata();
    assertThat(replica.keyId()).isEqualTo(p.keyId());
    assertThat(replica.arn()).isEqualTo("arn:aws:kms:eu-central-1:111122223333:key/" + p.keyId());
    assertThat(replica.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    try (KmsClient eu = KmsFixture.client(server, "eu-central-1")) {
      failsContaining(
          () ->
              importMaterial(
                  eu,
                  p.keyId(),
                  AlgorithmSpec.RSAES_OAEP_SHA_256,
                  WrappingKeySpec.RSA_2048,
                  random(32)),
          "IncorrectKeyMaterialException",
          "does not match");
      var r =
          importMaterial(
              eu, p.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, material);
      assertThat(r.keyMaterialId()).isEqualTo(id);
      var blob =
          kms.encrypt(q -> q.keyId(p.keyId()).plaintext(SdkBytes.fromUtf8String("mr")))
              .ciphertextBlob();
      assertThat(eu.decrypt(q -> q.ciphertextBlob(blob)).plaintext().asUtf8String())
          .isEqualTo("mr");
      assertThat(
              eu.describeKey(q -> q.keyId(p.keyId()))
                  .keyMetadata()
                  .multiRegionConfiguration()
                  .primaryKey()
                  .region())
          .isEqualTo("us-east-1");
    }
    assertThat(
            kms.describeKey(q -> q.keyId(p.keyId()))
                .keyMetadata()
                .multiRegionConfiguration()
                .replicaKeys())
        .hasSize(1);
    KeyMetadata single = createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    failsContaining(
        () -> kms.replicateKey(r -> r.keyId(single.keyId()).replicaRegion("eu-west-3")),
        "UnsupportedOperationException",
        "is not a multi-Region key");
  }

  @Test
  void faultInjection_throttlesAndFails() {
    server.setFaults(new FaultSettings(1, 0, 0, 0, 7));
    try {
      fails(
          () -> kms.listKeys(),
          "ThrottlingException",
          "You have exceeded the rate at which you may call KMS. Reduce the frequency of your"
              + " calls.");
      server.setFaults(new FaultSettings(0, 1, 0, 0, 7));
      fails(() -> kms.listKeys(), "KMSInternalException", null);
    } finally {
      server.setFaults(FaultSettings.NONE);
    }
    assertThat(kms.listKeys().keys()).isNotNull();
  }

  @Test
  void adminFaults_setOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI faults = URI.create(server.endpoint() + "/_local/faults");
    HttpResponse<String> set =
        http.send(
            HttpRequest.newBuilder(faults)
                .POST(HttpRequest.BodyPublishers.ofString("{\"throttleRate\": 1, \"seed\": 5}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    try {
      assertThat(set.statusCode()).isEqualTo(200);
      assertThat(set.body()).contains("\"throttleRate\":1.0");
      fails(() -> kms.listKeys(), "ThrottlingException", null);
    } finally {
      server.setFaults(FaultSettings.NONE);
    }
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(faults)
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorRate\": 2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("fault error rate must be in [0, 1], got 2.0");
    assertThat(kms.listKeys().keys()).isNotNull();
  }

  @Test
  void adminClock_movesKmsTimeOverHttp() throws Exception {
    KeyMetadata k = createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    Instant validTo = server.clock().instant().plusSeconds(600);
    KmsFixture.importExpiring(kms, k.keyId(), random(32), validTo);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> moved =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/_local/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"advanceSeconds\": 601}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    try {
      assertThat(moved.statusCode()).isEqualTo(200);
      assertThat(moved.headers().firstValue("x-amzn-RequestId")).isPresent();
      assertThat(kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata().keyState())
          .isEqualTo(KeyState.PENDING_IMPORT);
    } finally {
      server.clock().advance(Duration.ofSeconds(-601));
    }
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/_local/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"advanceSeconds\": \"x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"__type\":\"ValidationException\"");
  }
}
