package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsFixture.createExternal;
import static dev.keyceremony.localkms.KmsFixture.importMaterial;
import static dev.keyceremony.localkms.KmsFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** The import surface through the real AWS SDK for Java v2 over HTTP: happy paths per key spec. */
class LocalKmsImportIT {
  static final BouncyCastleProvider BC = new BouncyCastleProvider();
  static LocalKms server;
  static KmsClient kms;
  static KeyPair rsa2048;

  @BeforeAll
  static void start() throws Exception {
    server = LocalKms.builder().port(0).start();
    kms = KmsFixture.client(server, "us-east-1");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa2048 = g.generateKeyPair();
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = AlgorithmSpec.class,
      names = {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"})
  void symmetricImport_directOaep_encryptDecryptRoundTrips(AlgorithmSpec alg) {
    KeyMetadata created = createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    assertThat(created.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(created.enabled()).isFalse();
    assertThat(created.expirationModel()).isNull();
    assertThat(created.currentKeyMaterialId()).isNull();
    assertThat(created.arn())
        .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/" + created.keyId());

    byte[] material = random(32);
    ImportKeyMaterialResponse imported =
        importMaterial(kms, created.keyId(), alg, WrappingKeySpec.RSA_3072, material);
    assertThat(imported.keyId()).isEqualTo(created.arn());
    assertThat(imported.keyMaterialId()).matches("[a-f0-9]{64}");

    KeyMetadata after = kms.describeKey(r -> r.keyId(created.keyId())).keyMetadata();
    assertThat(after.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(after.enabled()).isTrue();
    assertThat(after.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
    assertThat(after.currentKeyMaterialId()).isEqualTo(imported.keyMaterialId());

    EncryptResponse enc =
        kms.encrypt(
            r ->
                r.keyId(created.arn())
                    .plaintext(SdkBytes.fromUtf8String("hello"))
                    .encryptionContext(Map.of("purpose", "test")));
    DecryptResponse dec =
        kms.decrypt(
            r ->
                r.ciphertextBlob(enc.ciphertextBlob())
                    .encryptionContext(Map.of("purpose", "test")));
    assertThat(dec.plaintext().asUtf8String()).isEqualTo("hello");
    assertThat(dec.keyId()).isEqualTo(created.arn());
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"})
  void hmacImport_generateMacEqualsLocalHmac(KeySpec spec) throws Exception {
    KeyMetadata k = createExternal(kms, spec, KeyUsageType.GENERATE_VERIFY_MAC);
    int bits = Integer.parseInt(spec.toString().substring(5));
    byte[] material = random(bits / 8);
    ImportKeyMaterialResponse r =
        importMaterial(
            kms, k.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048, material);
    assertThat(r.keyMaterialId()).isNull();
    MacAlgorithmSpec alg = MacAlgorithmSpec.fromValue("HMAC_SHA_" + bits);
    byte[] message = random(40);
    byte[] mac =
        kms.generateMac(
                q -> q.keyId(k.keyId()).macAlgorithm(alg).message(SdkBytes.fromByteArray(message)))
            .mac()
            .asByteArray();
    Mac local = Mac.getInstance("HmacSHA" + bits);
    local.init(new SecretKeySpec(material, "HmacSHA" + bits));
    assertThat(mac).isEqualTo(local.doFinal(message));
    assertThat(
            kms.verifyMac(
                    q ->
                        q.keyId(k.keyId())
                            .macAlgorithm(alg)
                            .message(SdkBytes.fromByteArray(message))
                            .mac(SdkBytes.fromByteArray(mac)))
                .macValid())
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeySpec.class,
      names = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256_K1"})
  void eccImport_signVerifiesInJcaAndPublicKeyMatches(KeySpec spec) throws Exception {
    String curve =
        Map.of(
                KeySpec.ECC_NIST_P256, "secp256r1",
                KeySpec.ECC_NIST_P384, "secp384r1",
                KeySpec.ECC_NIST_P521, "secp521r1",
                KeySpec.ECC_SECG_P256_K1, "secp256k1")
            .get(spec);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
    g.initialize(new ECGenParameterSpec(curve));
    KeyPair pair = g.generateKeyPair();
    KeyMetadata k = createExternal(kms, spec, KeyUsageType.SIGN_VERIFY);
    // P-521 needs RSA_AES or a bigger wrapping key; the others take direct OAEP under RSA_2048.
    AlgorithmSpec alg =
        spec == KeySpec.ECC_NIST_P521
            ? AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256
            : AlgorithmSpec.RSAES_OAEP_SHA_1;
    ImportKeyMaterialResponse r =
        importMaterial(
            kms, k.keyId(), alg, WrappingKeySpec.RSA_2048, pair.getPrivate().getEncoded());
    assertThat(r.keyMaterialId()).isNull();

    GetPublicKeyResponse pub = kms.getPublicKey(q -> q.keyId(k.keyId()));
    assertThat(pub.publicKey().asByteArray()).isEqualTo(pair.getPublic().getEncoded());
    SigningAlgorithmSpec sa = pub.signingAlgorithms().get(0);
    String hash = sa.toString().substring("ECDSA_SHA_".length());
    byte[] message = random(100);
    byte[] sig =
        kms.sign(
                q ->
                    q.keyId(k.keyId())
                        .signingAlgorithm(sa)
                        .messageType(MessageType.RAW)
                        .message(SdkBytes.fromByteArray(message)))
            .signature()
            .asByteArray();
    Signature v = Signature.getInstance("SHA" + hash + "withECDSA", BC);
    v.initVerify(pair.getPublic());
    v.update(message);
    assertThat(v.verify(sig)).isTrue();

    byte[] digest = java.security.MessageDigest.getInstance("SHA-" + hash).digest(message);
    byte[] sig2 =
        kms.sign(
                q ->
                    q.keyId(k.keyId())
                        .signingAlgorithm(sa)
                        .messageType(MessageType.DIGEST)
                        .message(SdkBytes.fromByteArray(digest)))
            .signature()
            .asByteArray();
    v.initVerify(pair.getPublic());
    v.update(message);
    assertThat(v.verify(sig2)).isTrue();
    assertThat(
            kms.verify(
                    q ->
                        q.keyId(k.keyId())
                            .signingAlgorithm(sa)
                            .message(SdkBytes.fromByteArray(message))
                            .signature(SdkBytes.fromByteArray(sig)))
                .signatureValid())
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = AlgorithmSpec.class,
      names = {"RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"})
  void rsaSigningImport_pssAndPkcs1VerifyInJca(AlgorithmSpec alg) throws Exception {
    KeyMetadata k = createExternal(kms, KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
    importMaterial(
        kms, k.keyId(), alg, WrappingKeySpec.RSA_4096, rsa2048.getPrivate().getEncoded());
    GetPublicKeyResponse pub = kms.getPublicKey(q -> q.keyId(k.arn()));
    assertThat(pub.publicKey().asByteArray()).isEqualTo(rsa2048.getPublic().getEncoded());
    PublicKey jcaPub =
        KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(pub.publicKey().asByteArray()));
    byte[] message = random(64);

    byte[] pss =
        kms.sign(
                q ->
                    q.keyId(k.keyId())
                        .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_384)
                        .message(SdkBytes.fromByteArray(message)))
            .signature()
            .asByteArray();
    Signature v = Signature.getInstance("RSASSA-PSS");
    v.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
    v.initVerify(jcaPub);
    v.update(message);
    assertThat(v.verify(pss)).isTrue();

    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(message);
    byte[] pkcs1 =
        kms.sign(
                q ->
                    q.keyId(k.keyId())
                        .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)
                        .messageType(MessageType.DIGEST)
                        .message(SdkBytes.fromByteArray(digest)))
            .signature()
            .asByteArray();
    Signature v2 = Signature.getInstance("SHA256withRSA");
    v2.initVerify(jcaPub);
    v2.update(message);
    assertThat(v2.verify(pkcs1)).isTrue();
  }

  @Test
  void rsaEncryptionImport_encryptDecryptWithOaep() throws Exception {
    KeyMetadata k = createExternal(kms, KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
    assertThat(k.encryptionAlgorithms()).hasSize(2);
    importMaterial(
        kms,
        k.keyId(),
        AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
        WrappingKeySpec.RSA_2048,
        rsa2048.getPrivate().getEncoded());
    for (var alg : k.encryptionAlgorithms()) {
      EncryptResponse enc =
          kms.encrypt(
              r ->
                  r.keyId(k.keyId())
                      .encryptionAlgorithm(alg)
                      .plaintext(SdkBytes.fromUtf8String("secret")));
      // The ciphertext is plain OAEP under our public key: decrypt it locally too.
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPPadding");
      boolean sha256 = alg.toString().endsWith("256");
      c.init(
          javax.crypto.Cipher.DECRYPT_MODE,
          rsa2048.getPrivate(),
          new javax.crypto.spec.OAEPParameterSpec(
              sha256 ? "SHA-256" : "SHA-1",
              "MGF1",
              sha256 ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA1,
              javax.crypto.spec.PSource.PSpecified.DEFAULT));
      assertThat(new String(c.doFinal(enc.ciphertextBlob().asByteArray()))).isEqualTo("secret");
      DecryptResponse dec =
          kms.decrypt(
              r ->
                  r.keyId(k.keyId()).encryptionAlgorithm(alg).ciphertextBlob(enc.ciphertextBlob()));
      assertThat(dec.plaintext().asUtf8String()).isEqualTo("secret");
    }
  }

  @Test
  void expiry_movesToPendingImport_andSameMaterialReimportRestoresEnabled() {
    KeyMetadata k = createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    byte[] material = random(32);
    Instant validTo =
        server.clock().instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    String materialId =
        KmsFixture.importExpiring(kms, k.keyId(), material, validTo).keyMaterialId();
    KeyMetadata m = kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata();
    assertThat(m.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
    assertThat(m.validTo()).isEqualTo(validTo);

    server.clock().advance(Duration.ofHours(2).plusSeconds(1));
    try {
      KeyMetadata expired = kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata();
      assertThat(expired.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
      assertThat(expired.expirationModel()).isNull();
      assertThat(expired.validTo()).isNull();
      assertThat(expired.currentKeyMaterialId()).isEqualTo(materialId);

      Instant newValidTo =
          server.clock().instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
      ImportKeyMaterialResponse again =
          KmsFixture.importExpiring(kms, k.keyId(), material, newValidTo);
      assertThat(again.keyMaterialId()).isEqualTo(materialId);
      KeyMetadata back = kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata();
      assertThat(back.keyState()).isEqualTo(KeyState.ENABLED);
      assertThat(back.validTo()).isEqualTo(newValidTo);
    } finally {
      server.clock().advance(Duration.ofHours(2).plusSeconds(1).negated());
    }
  }

  @Test
  void deleteImportedKeyMaterial_returnsToPendingImport_keepsMaterialId() {
    KeyMetadata k = createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    byte[] material = random(32);
    String id =
        importMaterial(
                kms,
                k.keyId(),
                AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec.RSA_2048,
                material)
            .keyMaterialId();
    var del = kms.deleteImportedKeyMaterial(r -> r.keyId(k.keyId()));
    assertThat(del.keyId()).isEqualTo(k.arn());
    assertThat(del.keyMaterialId()).isEqualTo(id);
    KeyMetadata m = kms.describeKey(r -> r.keyId(k.arn())).keyMetadata();
    assertThat(m.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    assertThat(m.expirationModel()).isNull();
    assertThat(m.currentKeyMaterialId()).isEqualTo(id);
    assertThatThrownBy(
            () -> kms.encrypt(r -> r.keyId(k.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
        .hasMessageContaining(k.arn() + " is pending import.");
  }

  @Test
  void earlierToken_staysValidAfterANewerOne() {
    KeyMetadata k = createExternal(kms, KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
    GetParametersForImportResponse first =
        KmsFixture.params(
            kms, k.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    GetParametersForImportResponse second =
        KmsFixture.params(
            kms, k.keyId(), AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    // Each response carries a fresh wrapping key pair.
    assertThat(second.publicKey()).isNotEqualTo(first.publicKey());
    byte[] material = random(32);
    kms.importKeyMaterial(
        r ->
            r.keyId(k.keyId())
                .importToken(first.importToken())
                .encryptedKeyMaterial(
                    SdkBytes.fromByteArray(
                        KmsFixture.wrap(
                            AlgorithmSpec.RSAES_OAEP_SHA_256,
                            first.publicKey().asByteArray(),
                            material)))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    assertThat(kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
  }
}
