package dev.keyceremony.localkms;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Test helpers: SDK clients for a running local KMS, and AWS's documented wrapping recipes. */
final class KmsFixture {
  static final SecureRandom RANDOM = new SecureRandom();

  private KmsFixture() {}

  static KmsClient client(URI endpoint, String region, AccountCredentials c) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static KmsClient client(LocalKms kms, String region) {
    return client(kms.endpoint(), region, kms.defaultCredentials());
  }

  static KeyMetadata createExternal(KmsClient kms, KeySpec spec, KeyUsageType usage) {
    CreateKeyRequest.Builder b =
        CreateKeyRequest.builder().origin(OriginType.EXTERNAL).keySpec(spec);
    if (usage != null) {
      b.keyUsage(usage);
    }
    return kms.createKey(b.build()).keyMetadata();
  }

  static GetParametersForImportResponse params(
      KmsClient kms, String keyId, AlgorithmSpec alg, WrappingKeySpec spec) {
    return kms.getParametersForImport(
        r -> r.keyId(keyId).wrappingAlgorithm(alg).wrappingKeySpec(spec));
  }

  /** Wraps as AWS documents for the algorithm: OAEP directly, or OAEP(aes) || RFC5649(aes, m). */
  static byte[] wrap(AlgorithmSpec alg, byte[] spki, byte[] material) {
    boolean sha256 = alg.toString().endsWith("256");
    if (alg.toString().startsWith("RSA_AES")) {
      byte[] aes = new byte[32];
      RANDOM.nextBytes(aes);
      byte[] head = oaep(spki, aes, sha256);
      RFC5649WrapEngine e = new RFC5649WrapEngine(AESEngine.newInstance());
      e.init(true, new KeyParameter(aes));
      byte[] tail = e.wrap(material, 0, material.length);
      byte[] out = Arrays.copyOf(head, head.length + tail.length);
      System.arraycopy(tail, 0, out, head.length, tail.length);
      return out;
    }
    return oaep(spki, material, sha256);
  }

  static byte[] oaep(byte[] spki, byte[] data, boolean sha256) {
    try {
      PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          pub,
          new OAEPParameterSpec(
              sha256 ? "SHA-256" : "SHA-1",
              "MGF1",
              sha256 ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA1,
              PSource.PSpecified.DEFAULT));
      return c.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GetParametersForImport, wrap, ImportKeyMaterial (does not expire). */
  static ImportKeyMaterialResponse importMaterial(
      KmsClient kms, String keyId, AlgorithmSpec alg, WrappingKeySpec spec, byte[] material) {
    GetParametersForImportResponse p = params(kms, keyId, alg, spec);
    return kms.importKeyMaterial(
        r ->
            r.keyId(keyId)
                .importToken(p.importToken())
                .encryptedKeyMaterial(
                    SdkBytes.fromByteArray(wrap(alg, p.publicKey().asByteArray(), material)))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
  }

  static ImportKeyMaterialResponse importExpiring(
      KmsClient kms, String keyId, byte[] material, Instant validTo) {
    GetParametersForImportResponse p =
        params(kms, keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    return kms.importKeyMaterial(
        r ->
            r.keyId(keyId)
                .importToken(p.importToken())
                .encryptedKeyMaterial(
                    SdkBytes.fromByteArray(
                        wrap(
                            AlgorithmSpec.RSAES_OAEP_SHA_256,
                            p.publicKey().asByteArray(),
                            material)))
                .validTo(validTo));
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
