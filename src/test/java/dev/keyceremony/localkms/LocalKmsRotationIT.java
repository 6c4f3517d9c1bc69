package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsAssert.fails;
import static dev.keyceremony.localkms.KmsAssert.failsContaining;
import static dev.keyceremony.localkms.KmsFixture.createExternal;
import static dev.keyceremony.localkms.KmsFixture.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportState;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Rotation of imported material as AWS documents it (lifecycle reference "Rotation of imported
 * material" and kms-import-spec sections 1.5-1.8), through the SDK over HTTP. The ten numbered
 * cases are the ones the old build failed.
 */
class LocalKmsRotationIT {
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

  /** GetParametersForImport + wrap + ImportKeyMaterial, with the request customised. */
  static String imp(
      KmsClient c,
      String keyId,
      byte[] material,
      Consumer<ImportKeyMaterialRequest.Builder> extra) {
    GetParametersForImportResponse p =
        KmsFixture.params(c, keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    ImportKeyMaterialRequest.Builder b =
        ImportKeyMaterialRequest.builder()
            .keyId(keyId)
            .importToken(p.importToken())
            .encryptedKeyMaterial(
                SdkBytes.fromByteArray(
                    KmsFixture.wrap(
                        AlgorithmSpec.RSAES_OAEP_SHA_256, p.publicKey().asByteArray(), material)))
            .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
    extra.accept(b);
    return c.importKeyMaterial(b.build()).keyMaterialId();
  }

  static String imp(String keyId, byte[] material, Consumer<ImportKeyMaterialRequest.Builder> x) {
    return imp(kms, keyId, material, x);
  }

  static Consumer<ImportKeyMaterialRequest.Builder> asNew() {
    return b -> b.importType(ImportType.NEW_KEY_MATERIAL);
  }

  static List<RotationsListEntry> all(KmsClient c, String keyId) {
    return c.listKeyRotations(
            r -> r.keyId(keyId).includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL))
        .rotations();
  }

  static RotationsListEntry entry(KmsClient c, String keyId, String materialId) {
    return all(c, keyId).stream()
        .filter(e -> e.keyMaterialId().equals(materialId))
        .findFirst()
        .orElseThrow();
  }

  static KeyMetadata describe(KmsClient c, String keyId) {
    return c.describeKey(r -> r.keyId(keyId)).keyMetadata();
  }

  static String symmetricExternal() {
    return createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null).keyId();
  }

  static SdkBytes encrypt(KmsClient c, String keyId, String text) {
    return c.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String(text))).ciphertextBlob();
  }

  // 1
  @Test
  void newKeyMaterial_isStagedPendingRotation_andCurrentStaysCurrent() {
    String id = symmetricExternal();
    String m1 = imp(id, random(32), b -> b.keyMaterialDescription("first"));
    String m2 =
        imp(
            id,
            random(32),
            b -> b.importType(ImportType.NEW_KEY_MATERIAL).keyMaterialDescription("second/2025"));
    assertThat(m2).matches("[a-f0-9]{64}").isNotEqualTo(m1);
    KeyMetadata md = describe(kms, id);
    assertThat(md.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(md.currentKeyMaterialId()).isEqualTo(m1);
    RotationsListEntry pending = entry(kms, id, m2);
    assertThat(pending.keyMaterialState()).isEqualTo(KeyMaterialState.PENDING_ROTATION);
    assertThat(pending.importState()).isEqualTo(ImportState.IMPORTED);
    assertThat(pending.keyMaterialDescription()).isEqualTo("second/2025");
    assertThat(pending.rotationDate()).isNull();
    assertThat(pending.rotationType()).isNull();
    assertThat(entry(kms, id, m1).keyMaterialState()).isEqualTo(KeyMaterialState.CURRENT);
    // ROTATIONS_ONLY (the default) lists neither the first nor the pending material.
    assertThat(kms.listKeyRotations(r -> r.keyId(id)).rotations()).isEmpty();
  }

  // 2
  @Test
  void rotateKeyOnDemand_makesPendingCurrent_andListKeyRotationsShowsIt() {
    String id = symmetricExternal();
    String m1 = imp(id, random(32), b -> {});
    String m2 = imp(id, random(32), asNew());
    Instant before = server.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    String arn = kms.rotateKeyOnDemand(r -> r.keyId(id)).keyId();
    assertThat(arn).isEqualTo(describe(kms, id).arn());
    assertThat(describe(kms, id).currentKeyMaterialId()).isEqualTo(m2);
    ListKeyRotationsResponse rotations = kms.listKeyRotations(r -> r.keyId(id));
    assertThat(rotations.rotations()).hasSize(1);
    RotationsListEntry e = rotations.rotations().get(0);
    assertThat(e.keyMaterialId()).isEqualTo(m2);
    assertThat(e.keyMaterialState()).isEqualTo(KeyMaterialState.CURRENT);
    assertThat(e.rotationType()).isEqualTo(RotationType.ON_DEMAND);
    assertThat(e.rotationDate()).isAfterOrEqualTo(before);
    assertThat(e.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
    assertThat(entry(kms, id, m1).keyMaterialState()).isEqualTo(KeyMaterialState.NON_CURRENT);
    assertThat(entry(kms, id, m1).rotationDate()).isNull();
    assertThat(all(kms, id)).extracting(RotationsListEntry::keyMaterialId).containsExactly(m1, m2);
  }

  // 3
  @Test
  void decrypt_worksWithEveryMaterial_andNamesIt() {
    String id = symmetricExternal();
    String m1 = imp(id, random(32), b -> {});
    SdkBytes old = encrypt(kms, id, "made with m1");
    String m2 = imp(id, random(32), asNew());
    kms.rotateKeyOnDemand(r -> r.keyId(id));
    SdkBytes fresh = encrypt(kms, id, "made with m2");
    DecryptResponse d1 = kms.decrypt(r -> r.ciphertextBlob(old));
    assertThat(d1.plaintext().asUtf8String()).isEqualTo("made with m1");
    assertThat(d1.keyMaterialId()).isEqualTo(m1);
    DecryptResponse d2 = kms.decrypt(r -> r.ciphertextBlob(fresh).keyId(id));
    assertThat(d2.plaintext().asUtf8String()).isEqualTo("made with m2");
    assertThat(d2.keyMaterialId()).isEqualTo(m2);
    assertThat(kms.generateDataKey(r -> r.keyId(id).numberOfBytes(16)).keyMaterialId())
        .isEqualTo(m2);
  }

  // 4
  @Test
  void rotateKeyOnDemand_withNothingPending_orPendingImport_isInvalidState() {
    String id = symmetricExternal();
    String arn = describe(kms, id).arn();
    fails(
        () -> kms.rotateKeyOnDemand(r -> r.keyId(id)),
        "KMSInvalidStateException",
        arn + " is pending import.");
    imp(id, random(32), b -> {});
    fails(
        () -> kms.rotateKeyOnDemand(r -> r.keyId(id)),
        "KMSInvalidStateException",
        "No available key material pending rotation for the key: " + arn + ".");
  }

  // 5
  @Test
  void secondNewMaterial_whileOneIsPending_isInvalidState() {
    String id = symmetricExternal();
    imp(id, random(32), b -> {});
    String m2 = imp(id, random(32), asNew());
    KmsAssert.failsContaining(
        () -> imp(id, random(32), asNew()),
        "KMSInvalidStateException",
        "cannot be imported into KMS key "
            + id
            + ", because another key material (id: "
            + m2
            + ") is pending rotation.");
  }

  // 6
  @Test
  void rotateKeyOnDemand_refusesHmacAndAsymmetricKeys() {
    KeyMetadata hmac = createExternal(kms, KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    KeyMetadata rsa = createExternal(kms, KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    failsContaining(
        () -> kms.rotateKeyOnDemand(r -> r.keyId(hmac.keyId())),
        "UnsupportedOperationException",
        "only for symmetric encryption keys");
    failsContaining(
        () -> kms.rotateKeyOnDemand(r -> r.keyId(rsa.arn())),
        "UnsupportedOperationException",
        "only for symmetric encryption keys");
    failsContaining(
        () -> kms.listKeyRotations(r -> r.keyId(hmac.keyId())),
        "UnsupportedOperationException",
        "KeySpec HMAC_256");
    // HMAC keys refuse ImportType: they keep their first material for life.
    failsContaining(
        () -> imp(hmac.keyId(), random(32), asNew()),
        "ValidationException",
        "only for symmetric encryption keys");
  }

  // 7
  @Test
  void onDemandRotations_areLimitedTo25PerKey() {
    String id = symmetricExternal();
    imp(id, random(32), b -> {});
    for (int i = 0; i < 25; i++) {
      imp(id, random(32), asNew());
      kms.rotateKeyOnDemand(r -> r.keyId(id));
    }
    assertThat(kms.listKeyRotations(r -> r.keyId(id)).rotations()).hasSize(25);
    imp(id, random(32), asNew());
    fails(
        () -> kms.rotateKeyOnDemand(r -> r.keyId(id)),
        "LimitExceededException",
        "The on-demand rotations limit has been reached for the given keyId. No more on-demand"
            + " rotations can be performed for this key: "
            + describe(kms, id).arn());
    // Paging over the 27 materials.
    ListKeyRotationsResponse page =
        kms.listKeyRotations(
            r -> r.keyId(id).includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL).limit(20));
    assertThat(page.rotations()).hasSize(20);
    assertThat(page.truncated()).isTrue();
    ListKeyRotationsResponse rest =
        kms.listKeyRotations(
            r ->
                r.keyId(id)
                    .includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL)
                    .marker(page.nextMarker()));
    assertThat(rest.rotations()).hasSize(7);
    assertThat(rest.truncated()).isFalse();
  }

  // 8
  @Test
  void deletingOneMaterial_takesTheKeyToPendingImport_untilThatMaterialIsReimported() {
    String id = symmetricExternal();
    byte[] first = random(32);
    String m1 = imp(id, first, b -> b.keyMaterialDescription("kept"));
    SdkBytes old = encrypt(kms, id, "old");
    String m2 = imp(id, random(32), asNew());
    kms.rotateKeyOnDemand(r -> r.keyId(id));
    var deleted = kms.deleteImportedKeyMaterial(r -> r.keyId(id).keyMaterialId(m1));
    assertThat(deleted.keyMaterialId()).isEqualTo(m1);
    KeyMetadata md = describe(kms, id);
    assertThat(md.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(md.currentKeyMaterialId()).isEqualTo(m2);
    assertThat(entry(kms, id, m1).importState()).isEqualTo(ImportState.PENDING_IMPORT);
    assertThat(entry(kms, id, m1).keyMaterialState()).isEqualTo(KeyMaterialState.NON_CURRENT);
    assertThat(entry(kms, id, m2).importState()).isEqualTo(ImportState.IMPORTED);
    failsContaining(() -> encrypt(kms, id, "x"), "KMSInvalidStateException", "is pending import.");
    // Different material as EXISTING, or the right material under a wrong ID: refused.
    failsContaining(
        () -> imp(id, random(32), b -> b.importType(ImportType.EXISTING_KEY_MATERIAL)),
        "IncorrectKeyMaterialException",
        "does not match any key material");
    failsContaining(
        () -> imp(id, first, b -> b.keyMaterialId(m2)),
        "IncorrectKeyMaterialException",
        "does not identify the imported key material");
    failsContaining(
        () -> imp(id, first, asNew()), "IncorrectKeyMaterialException", "already associated");
    String again =
        imp(id, first, b -> b.importType(ImportType.EXISTING_KEY_MATERIAL).keyMaterialId(m1));
    assertThat(again).isEqualTo(m1);
    assertThat(describe(kms, id).keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(describe(kms, id).currentKeyMaterialId()).isEqualTo(m2);
    assertThat(entry(kms, id, m1).keyMaterialDescription()).isEqualTo("kept");
    assertThat(kms.decrypt(r -> r.ciphertextBlob(old)).plaintext().asUtf8String()).isEqualTo("old");
    // Without a KeyMaterialId the current material is deleted.
    assertThat(kms.deleteImportedKeyMaterial(r -> r.keyId(id)).keyMaterialId()).isEqualTo(m2);
    assertThat(describe(kms, id).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    failsContaining(
        () -> kms.deleteImportedKeyMaterial(r -> r.keyId(id).keyMaterialId("ab".repeat(32))),
        "NotFoundException",
        "is not associated with");
  }

  // 9
  @Test
  void validTo_isTheEarliestExpiry_andAnExpiredMaterialTakesTheKeyToPendingImport() {
    String id = symmetricExternal();
    Instant now = server.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant later = now.plus(Duration.ofDays(200));
    Instant sooner = now.plus(Duration.ofDays(20));
    byte[] first = random(32);
    String m1 =
        imp(
            id,
            first,
            b -> b.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(later));
    assertThat(describe(kms, id).validTo()).isEqualTo(later);
    String m2 =
        imp(
            id,
            random(32),
            b ->
                b.importType(ImportType.NEW_KEY_MATERIAL)
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)
                    .validTo(sooner));
    // Pending material is not permanently associated: ValidTo is still the first's.
    assertThat(describe(kms, id).validTo()).isEqualTo(later);
    kms.rotateKeyOnDemand(r -> r.keyId(id));
    KeyMetadata md = describe(kms, id);
    assertThat(md.validTo()).isEqualTo(sooner);
    assertThat(md.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
    try {
      server.clock().advance(Duration.ofDays(20).plusSeconds(1));
      md = describe(kms, id);
      assertThat(md.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
      assertThat(md.validTo()).isEqualTo(later);
      assertThat(entry(kms, id, m2).importState()).isEqualTo(ImportState.PENDING_IMPORT);
      assertThat(entry(kms, id, m1).importState()).isEqualTo(ImportState.IMPORTED);
    } finally {
      server.clock().advance(Duration.ofDays(20).plusSeconds(1).negated());
    }
  }

  // 10
  @Test
  void enableKeyRotation_isRefusedForExternalKeys() {
    String id = symmetricExternal();
    imp(id, random(32), b -> {});
    failsContaining(
        () -> kms.enableKeyRotation(r -> r.keyId(id)),
        "UnsupportedOperationException",
        "origin is EXTERNAL which is not valid");
    failsContaining(
        () -> kms.disableKeyRotation(r -> r.keyId(id)),
        "UnsupportedOperationException",
        "origin is EXTERNAL which is not valid");
    assertThat(kms.getKeyRotationStatus(r -> r.keyId(id)).keyRotationEnabled()).isFalse();
    // AWS_KMS symmetric keys may enable it (recorded, not performed here) and rotate on demand.
    String aws = kms.createKey(r -> r.description("aws-origin")).keyMetadata().keyId();
    kms.enableKeyRotation(r -> r.keyId(aws).rotationPeriodInDays(90));
    var status = kms.getKeyRotationStatus(r -> r.keyId(aws));
    assertThat(status.keyRotationEnabled()).isTrue();
    assertThat(status.rotationPeriodInDays()).isEqualTo(90);
    SdkBytes old = encrypt(kms, aws, "before");
    String before = describe(kms, aws).currentKeyMaterialId();
    kms.rotateKeyOnDemand(r -> r.keyId(aws));
    assertThat(describe(kms, aws).currentKeyMaterialId()).isNotEqualTo(before);
    assertThat(kms.decrypt(r -> r.ciphertextBlob(old)).keyMaterialId()).isEqualTo(before);
  }

  @Test
  void multiRegion_rotationIsStagedUntilEveryReplicaHasTheMaterial() {
    KeyMetadata p =
        kms.createKey(r -> r.origin(OriginType.EXTERNAL).multiRegion(true)).keyMetadata();
    String id = p.keyId();
    kms.replicateKey(r -> r.keyId(id).replicaRegion("us-west-2"));
    kms.replicateKey(r -> r.keyId(id).replicaRegion("eu-west-1"));
    try (KmsClient west = KmsFixture.client(server, "us-west-2");
        KmsClient eu = KmsFixture.client(server, "eu-west-1")) {
      byte[] first = random(32);
      String m1 = imp(id, first, b -> {});
      assertThat(imp(west, id, first, b -> {})).isEqualTo(m1);
      assertThat(imp(eu, id, first, b -> {})).isEqualTo(m1);
      SdkBytes fromWest = encrypt(west, id, "west");

      byte[] second = random(32);
      String m2 = imp(id, second, asNew());
      assertThat(entry(kms, id, m2).keyMaterialState())
          .isEqualTo(KeyMaterialState.PENDING_MULTI_REGION_IMPORT_AND_ROTATION);
      failsContaining(
          () -> kms.rotateKeyOnDemand(r -> r.keyId(id)),
          "KMSInvalidStateException",
          "not yet imported into every replica (us-west-2, eu-west-1)");
      failsContaining(
          () -> imp(west, id, second, asNew()),
          "UnsupportedOperationException",
          "cannot import new key material directly into the replica");
      // The replicas stay usable while the new material is staged.
      assertThat(describe(west, id).keyState()).isEqualTo(KeyState.ENABLED);

      imp(west, id, second, b -> b.importType(ImportType.EXISTING_KEY_MATERIAL).keyMaterialId(m2));
      assertThat(entry(west, id, m2).keyMaterialState())
          .isEqualTo(KeyMaterialState.PENDING_ROTATION);
      assertThat(entry(kms, id, m2).keyMaterialState())
          .isEqualTo(KeyMaterialState.PENDING_MULTI_REGION_IMPORT_AND_ROTATION);
      imp(eu, id, second, b -> b.importType(ImportType.EXISTING_KEY_MATERIAL).keyMaterialId(m2));
      assertThat(entry(kms, id, m2).keyMaterialState())
          .isEqualTo(KeyMaterialState.PENDING_ROTATION);

      failsContaining(
          () -> west.rotateKeyOnDemand(r -> r.keyId(id)),
          "UnsupportedOperationException",
          "rotate its primary key");
      kms.rotateKeyOnDemand(r -> r.keyId(id));
      for (KmsClient c : List.of(kms, west, eu)) {
        assertThat(describe(c, id).currentKeyMaterialId()).isEqualTo(m2);
        assertThat(entry(c, id, m1).keyMaterialState()).isEqualTo(KeyMaterialState.NON_CURRENT);
      }
      // A ciphertext from one Region decrypts in the others, old and new material alike.
      assertThat(eu.decrypt(r -> r.ciphertextBlob(fromWest)).plaintext().asUtf8String())
          .isEqualTo("west");
      SdkBytes fromEu = encrypt(eu, id, "eu");
      DecryptResponse d = kms.decrypt(r -> r.ciphertextBlob(fromEu));
      assertThat(d.plaintext().asUtf8String()).isEqualTo("eu");
      assertThat(d.keyMaterialId()).isEqualTo(m2);

      // Deleting pending material in the primary deletes it in the replicas.
      String m3 = imp(id, random(32), asNew());
      assertThat(all(west, id)).extracting(RotationsListEntry::keyMaterialId).contains(m3);
      kms.deleteImportedKeyMaterial(r -> r.keyId(id).keyMaterialId(m3));
      assertThat(all(west, id))
          .extracting(RotationsListEntry::keyMaterialId)
          .containsExactly(m1, m2);
      assertThat(describe(kms, id).keyState()).isEqualTo(KeyState.ENABLED);
    }
  }

  @Test
  void newReplica_mustImportEveryMaterialOfThePrimary() {
    KeyMetadata p =
        kms.createKey(r -> r.origin(OriginType.EXTERNAL).multiRegion(true)).keyMetadata();
    String id = p.keyId();
    byte[] first = random(32);
    byte[] second = random(32);
    String m1 = imp(id, first, b -> {});
    String m2 = imp(id, second, asNew());
    kms.rotateKeyOnDemand(r -> r.keyId(id));
    kms.replicateKey(r -> r.keyId(id).replicaRegion("ap-south-1"));
    try (KmsClient ap = KmsFixture.client(server, "ap-south-1")) {
      assertThat(all(ap, id))
          .extracting(RotationsListEntry::importState)
          .containsOnly(ImportState.PENDING_IMPORT);
      assertThat(describe(ap, id).currentKeyMaterialId()).isEqualTo(m2);
      imp(ap, id, second, b -> {});
      assertThat(describe(ap, id).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
      imp(ap, id, first, b -> b.keyMaterialId(m1));
      assertThat(describe(ap, id).keyState()).isEqualTo(KeyState.ENABLED);
      failsContaining(
          () -> imp(ap, id, random(32), b -> {}),
          "IncorrectKeyMaterialException",
          "does not match any key material");
    }
  }

  @Test
  void materialsSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String id;
    String m1;
    String m2;
    SdkBytes old;
    try (LocalKms a = LocalKms.builder().port(0).stateDir(dir).start();
        KmsClient c = KmsFixture.client(a, "us-east-1")) {
      id = createExternal(c, KeySpec.SYMMETRIC_DEFAULT, null).keyId();
      m1 = imp(c, id, random(32), b -> b.keyMaterialDescription("one"));
      old = encrypt(c, id, "before restart");
      m2 = imp(c, id, random(32), asNew());
      c.rotateKeyOnDemand(r -> r.keyId(id));
    }
    try (LocalKms b = LocalKms.builder().port(0).stateDir(dir).start();
        KmsClient c = KmsFixture.client(b, "us-east-1")) {
      assertThat(describe(c, id).currentKeyMaterialId()).isEqualTo(m2);
      assertThat(entry(c, id, m1).keyMaterialDescription()).isEqualTo("one");
      DecryptResponse d = c.decrypt(r -> r.ciphertextBlob(old));
      assertThat(d.plaintext().asUtf8String()).isEqualTo("before restart");
      assertThat(d.keyMaterialId()).isEqualTo(m1);
      assertThat(c.listKeyRotations(r -> r.keyId(id)).rotations()).hasSize(1);
    }
  }
}
