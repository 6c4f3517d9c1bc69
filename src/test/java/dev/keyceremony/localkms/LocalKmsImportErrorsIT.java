package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsAssert.fails;
import static dev.keyceremony.localkms.KmsAssert.failsContaining;
import static dev.keyceremony.localkms.KmsFixture.createExternal;
import static dev.keyceremony.localkms.KmsFixture.importMaterial;
import static dev.keyceremony.localkms.KmsFixture.params;
import static dev.keyceremony.localkms.KmsFixture.random;
import static dev.keyceremony.localkms.KmsFixture.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Every import error through the real SDK client, with AWS's types and messages. */
class LocalKmsImportErrorsIT {
  static final AlgorithmSpec OAEP256 = AlgorithmSpec.RSAES_OAEP_SHA_256;
  static final WrappingKeySpec RSA2048 = WrappingKeySpec.RSA_2048;
  static LocalKms server;
  static KmsClient kms;

  @BeforeAll
  static void start() throws Exception {
    server =
        LocalKms.builder()
            .port(0)
            .credentials(
                List.of(
                    AccountCredentials.DEFAULT,
                    new AccountCredentials("AKIAOTHERACCOUNT0001", "other-secret", "444455556666")))
            .start();
    kms = KmsFixture.client(server, "us-east-1");
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  private static KeyMetadata symmetric() {
    return createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
  }

  private static void importWith(
      KeyMetadata k, GetParametersForImportResponse p, byte[] wrapped, Instant validTo) {
    kms.importKeyMaterial(
        r -> {
          r.keyId(k.keyId())
              .importToken(p.importToken())
              .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped));
          if (validTo == null) {
            r.expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
          } else {
            r.validTo(validTo);
          }
        });
  }

  @Test
  void tokenOfAnotherKey_isInvalidImportToken() {
    KeyMetadata a = symmetric();
    KeyMetadata b = symmetric();
    GetParametersForImportResponse pa = params(kms, a.keyId(), OAEP256, RSA2048);
    byte[] wrapped = wrap(OAEP256, pa.publicKey().asByteArray(), random(32));
    fails(
        () -> importWith(b, pa, wrapped, null),
        "InvalidImportTokenException",
        "The import token is invalid or is associated with a different KMS key.");
  }

  @Test
  void garbageToken_isInvalidImportToken() {
    KeyMetadata a = symmetric();
    GetParametersForImportResponse pa = params(kms, a.keyId(), OAEP256, RSA2048);
    byte[] wrapped = wrap(OAEP256, pa.publicKey().asByteArray(), random(32));
    fails(
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(a.keyId())
                        .importToken(SdkBytes.fromByteArray(random(300)))
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
        "InvalidImportTokenException",
        null);
  }

  @Test
  void tokenAfter24HoursAndOneSecond_isExpired() {
    KeyMetadata a = symmetric();
    GetParametersForImportResponse p = params(kms, a.keyId(), OAEP256, RSA2048);
    assertThat(Duration.between(server.clock().instant(), p.parametersValidTo()))
        .isBetween(Duration.ofHours(24).minusSeconds(5), Duration.ofHours(24));
    byte[] wrapped = wrap(OAEP256, p.publicKey().asByteArray(), random(32));
    server.clock().advance(Duration.ofHours(24).plusSeconds(1));
    try {
      failsContaining(
          () -> importWith(a, p, wrapped, null),
          "ExpiredImportTokenException",
          "Call GetParametersForImport for a new wrapping public key and import token.");
    } finally {
      server.clock().advance(Duration.ofHours(24).plusSeconds(1).negated());
    }
  }

  @Test
  void wrongWrapping_isInvalidCiphertext() {
    KeyMetadata a = symmetric();
    GetParametersForImportResponse p = params(kms, a.keyId(), OAEP256, RSA2048);
    // Wrapped with SHA-1 OAEP although the token says SHA-256.
    byte[] sha1 = wrap(AlgorithmSpec.RSAES_OAEP_SHA_1, p.publicKey().asByteArray(), random(32));
    fails(
        () -> importWith(a, p, sha1, null),
        "InvalidCiphertextException",
        "The encrypted key material could not be decrypted with the wrapping key and algorithm"
            + " of the import token.");
    fails(() -> importWith(a, p, random(256), null), "InvalidCiphertextException", null);
  }

  @Test
  void differentMaterialOnReimport_isIncorrectKeyMaterial() {
    KeyMetadata a = symmetric();
    importMaterial(kms, a.keyId(), OAEP256, RSA2048, random(32));
    failsContaining(
        () -> importMaterial(kms, a.keyId(), OAEP256, RSA2048, random(32)),
        "IncorrectKeyMaterialException",
        "does not match any key material associated with " + a.arn());
  }

  @Test
  void wrongSizeOrType_isIncorrectKeyMaterial() throws Exception {
    KeyMetadata a = symmetric();
    fails(
        () -> importMaterial(kms, a.keyId(), OAEP256, RSA2048, random(31)),
        "IncorrectKeyMaterialException",
        "Key material for SYMMETRIC_DEFAULT must be exactly 32 bytes, got 31.");
    KeyMetadata h = createExternal(kms, KeySpec.HMAC_384, KeyUsageType.GENERATE_VERIFY_MAC);
    fails(
        () -> importMaterial(kms, h.keyId(), OAEP256, RSA2048, random(64)),
        "IncorrectKeyMaterialException",
        "Key material for HMAC_384 must be exactly 48 bytes, got 64.");
    KeyMetadata e = createExternal(kms, KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    byte[] p384 = g.generateKeyPair().getPrivate().getEncoded();
    fails(
        () -> importMaterial(kms, e.keyId(), OAEP256, WrappingKeySpec.RSA_3072, p384),
        "IncorrectKeyMaterialException",
        "Key material for ECC_NIST_P256 must be a private key on the named curve secp256r1.");
    assertThat(kms.describeKey(r -> r.keyId(e.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_IMPORT);
  }

  @Test
  void validToRules() {
    KeyMetadata a = symmetric();
    GetParametersForImportResponse p = params(kms, a.keyId(), OAEP256, RSA2048);
    byte[] wrapped = wrap(OAEP256, p.publicKey().asByteArray(), random(32));
    fails(
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(a.keyId())
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))),
        "ValidationException",
        "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
    fails(
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(a.keyId())
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .validTo(Instant.now().plusSeconds(3600))),
        "ValidationException",
        "The parameter ValidTo cannot be specified for a key with an expiration model of"
            + " KEY_MATERIAL_DOES_NOT_EXPIRE");
    failsContaining(
        () -> importWith(a, p, wrapped, Instant.now().minusSeconds(60)),
        "ValidationException",
        "ValidTo must be in the future");
    failsContaining(
        () -> importWith(a, p, wrapped, Instant.now().plus(Duration.ofDays(366))),
        "ValidationException",
        "ValidTo must be at most 365 days from now");
    importWith(a, p, wrapped, Instant.now().plus(Duration.ofDays(364)));
  }

  @Test
  void awsKmsOriginKey_isUnsupportedForImportOperations() {
    KeyMetadata k = kms.createKey(r -> r.description("generated")).keyMetadata();
    String msg = k.arn() + " origin is AWS_KMS which is not valid for this operation.";
    fails(() -> params(kms, k.keyId(), OAEP256, RSA2048), "UnsupportedOperationException", msg);
    fails(
        () -> kms.deleteImportedKeyMaterial(r -> r.keyId(k.keyId())),
        "UnsupportedOperationException",
        msg);
  }

  @Test
  void pendingDeletion_isInvalidStateForImport() {
    KeyMetadata a = symmetric();
    GetParametersForImportResponse p = params(kms, a.keyId(), OAEP256, RSA2048);
    kms.scheduleKeyDeletion(r -> r.keyId(a.keyId()).pendingWindowInDays(7));
    fails(
        () -> params(kms, a.keyId(), OAEP256, RSA2048),
        "KMSInvalidStateException",
        a.arn() + " is pending deletion.");
    byte[] wrapped = wrap(OAEP256, p.publicKey().asByteArray(), random(32));
    fails(
        () -> importWith(a, p, wrapped, null),
        "KMSInvalidStateException",
        a.arn() + " is pending deletion.");
  }

  @Test
  void aliasAsKeyId_isNotFoundForImportOperations() {
    KeyMetadata a = symmetric();
    kms.createAlias(r -> r.aliasName("alias/import-target").targetKeyId(a.keyId()));
    assertThat(kms.describeKey(r -> r.keyId("alias/import-target")).keyMetadata().keyId())
        .isEqualTo(a.keyId());
    failsContaining(
        () -> params(kms, "alias/import-target", OAEP256, RSA2048),
        "NotFoundException",
        "aliases are not accepted by this operation");
  }

  @Test
  void otherAccount_cannotSeeKeys_andRegionsAreSeparate() {
    KeyMetadata a = symmetric();
    try (KmsClient other =
            KmsFixture.client(
                server.endpoint(),
                "us-east-1",
                new AccountCredentials("AKIAOTHERACCOUNT0001", "other-secret", "444455556666"));
        KmsClient west = KmsFixture.client(server, "eu-west-1")) {
      fails(
          () -> other.describeKey(r -> r.keyId(a.keyId())),
          "NotFoundException",
          "Key 'arn:aws:kms:us-east-1:444455556666:key/" + a.keyId() + "' does not exist");
      fails(
          () -> other.describeKey(r -> r.keyId(a.arn())),
          "NotFoundException",
          "Key '" + a.arn() + "' does not exist");
      fails(
          () -> west.describeKey(r -> r.keyId(a.keyId())),
          "NotFoundException",
          "Key 'arn:aws:kms:eu-west-1:111122223333:key/" + a.keyId() + "' does not exist");
      KeyMetadata w = createExternal(west, KeySpec.SYMMETRIC_DEFAULT, null);
      assertThat(w.arn()).startsWith("arn:aws:kms:eu-west-1:111122223333:key/");
      assertThat(other.listKeys().keys()).isEmpty();
    }
  }

  @Test
  void requestValidation_awsMessages() {
    KeyMetadata a = symmetric();
    fails(
        () ->
            kms.getParametersForImport(
                r -> r.keyId(a.keyId()).wrappingAlgorithm("RSA_OAEP").wrappingKeySpec(RSA2048)),
        "ValidationException",
        "1 validation error detected: Value 'RSA_OAEP' at 'wrappingAlgorithm' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [RSAES_PKCS1_V1_5,"
            + " RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1,"
            + " RSA_AES_KEY_WRAP_SHA_256, SM2PKE]");
    fails(
        () ->
            kms.getParametersForImport(
                r -> r.keyId(a.keyId()).wrappingAlgorithm("X").wrappingKeySpec("RSA_1024")),
        "ValidationException",
        null);
    failsContaining(
        () ->
            kms.getParametersForImport(
                r -> r.keyId(a.keyId()).wrappingAlgorithm("X").wrappingKeySpec("RSA_1024")),
        "ValidationException",
        "2 validation errors detected: Value 'X' at 'wrappingAlgorithm'");
  }

  @Test
  void impossibleCombinations_areRefusedAtGetParametersForImport() {
    KeyMetadata s = symmetric();
    failsContaining(
        () -> params(kms, s.keyId(), AlgorithmSpec.RSAES_PKCS1_V1_5, RSA2048),
        "ValidationException",
        "RSAES_PKCS1_V1_5 is no longer supported");
    failsContaining(
        () -> params(kms, s.keyId(), AlgorithmSpec.SM2_PKE, WrappingKeySpec.SM2),
        "ValidationException",
        "supported only in China Regions");
    failsContaining(
        () -> params(kms, s.keyId(), AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, RSA2048),
        "ValidationException",
        "is not supported for SYMMETRIC_DEFAULT key material");
    KeyMetadata r = createExternal(kms, KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
    failsContaining(
        () -> params(kms, r.keyId(), OAEP256, WrappingKeySpec.RSA_4096),
        "ValidationException",
        "cannot wrap RSA key material");
    KeyMetadata e = createExternal(kms, KeySpec.ECC_NIST_P521, KeyUsageType.SIGN_VERIFY);
    failsContaining(
        () -> params(kms, e.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_1, RSA2048),
        "ValidationException",
        "ECC_NIST_P521 key material is too long");
    assertThat(
            params(kms, e.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_3072)
                .keyId())
        .isEqualTo(e.arn());
  }

  @Test
  void importTypeRules() {
    KeyMetadata h = createExternal(kms, KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    GetParametersForImportResponse p = params(kms, h.keyId(), OAEP256, RSA2048);
    byte[] wrapped = wrap(OAEP256, p.publicKey().asByteArray(), random(32));
    failsContaining(
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(h.keyId())
                        .importToken(p.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .importType(ImportType.NEW_KEY_MATERIAL)),
        "ValidationException",
        "supported only for symmetric encryption keys");

    KeyMetadata s = symmetric();
    byte[] material = random(32);
    String id = importMaterial(kms, s.keyId(), OAEP256, RSA2048, material).keyMaterialId();
    GetParametersForImportResponse q = params(kms, s.keyId(), OAEP256, RSA2048);
    byte[] again = wrap(OAEP256, q.publicKey().asByteArray(), material);
    failsContaining(
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(s.keyId())
                        .importToken(q.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(again))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .importType(ImportType.NEW_KEY_MATERIAL)),
        "IncorrectKeyMaterialException",
        "already associated");
    // Different material as NEW_KEY_MATERIAL is staged for rotation (LocalKmsRotationIT).
    String staged =
        kms.importKeyMaterial(
                r ->
                    r.keyId(s.keyId())
                        .importToken(q.importToken())
                        .encryptedKeyMaterial(
                            SdkBytes.fromByteArray(
                                wrap(OAEP256, q.publicKey().asByteArray(), random(32))))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .importType(ImportType.NEW_KEY_MATERIAL))
            .keyMaterialId();
    assertThat(staged).isNotEqualTo(id);
    assertThat(kms.describeKey(r -> r.keyId(s.keyId())).keyMetadata().currentKeyMaterialId())
        .isEqualTo(id);
    failsContaining(
        () ->
            kms.importKeyMaterial(
                r ->
                    r.keyId(s.keyId())
                        .importToken(q.importToken())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(again))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                        .importType(ImportType.EXISTING_KEY_MATERIAL)
                        .keyMaterialId("0".repeat(64))),
        "IncorrectKeyMaterialException",
        "does not identify the imported key material");
    var ok =
        kms.importKeyMaterial(
            r ->
                r.keyId(s.keyId())
                    .importToken(q.importToken())
                    .encryptedKeyMaterial(SdkBytes.fromByteArray(again))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                    .importType(ImportType.EXISTING_KEY_MATERIAL)
                    .keyMaterialId(id));
    assertThat(ok.keyMaterialId()).isEqualTo(id);
  }

  @Test
  void reimportIntoDisabledKey_enablesIt() {
    KeyMetadata s = symmetric();
    byte[] material = random(32);
    importMaterial(kms, s.keyId(), OAEP256, RSA2048, material);
    kms.disableKey(r -> r.keyId(s.keyId()));
    fails(
        () -> kms.encrypt(r -> r.keyId(s.keyId()).plaintext(SdkBytes.fromUtf8String("x"))),
        "DisabledException",
        s.arn() + " is disabled.");
    importMaterial(kms, s.keyId(), OAEP256, RSA2048, material);
    assertThat(kms.describeKey(r -> r.keyId(s.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
  }

  @Test
  void pendingImport_refusesEnableAndCrypto() {
    KeyMetadata s = symmetric();
    fails(
        () -> kms.enableKey(r -> r.keyId(s.keyId())),
        "KMSInvalidStateException",
        s.arn() + " is pending import.");
    fails(
        () -> kms.generateDataKey(r -> r.keyId(s.keyId()).numberOfBytes(32)),
        "KMSInvalidStateException",
        s.arn() + " is pending import.");
  }
}
