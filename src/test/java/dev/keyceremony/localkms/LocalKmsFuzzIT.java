package dev.keyceremony.localkms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Thousands of random and malformed requests, most of them correctly signed (with the SDK's own
 * signer): the server must never answer 5xx, never die, and always answer well-formed JSON with a
 * request ID ({@code __type} on every error). Seeded, so a failure reproduces.
 */
class LocalKmsFuzzIT {
  static final long SEED = 20261128L;
  static final int REQUESTS = 1000;
  static final List<String> OPERATIONS =
      List.of(
          "CreateKey",
          "DescribeKey",
          "ListKeys",
          "EnableKey",
          "DisableKey",
          "ScheduleKeyDeletion",
          "CancelKeyDeletion",
          "ReplicateKey",
          "CreateAlias",
          "DeleteAlias",
          "ListAliases",
          "GetParametersForImport",
          "ImportKeyMaterial",
          "DeleteImportedKeyMaterial",
          "Encrypt",
          "Decrypt",
          "GenerateDataKey",
          "GenerateMac",
          "VerifyMac",
          "Sign",
          "Verify",
          "GetPublicKey",
          "NoSuchOperation");
  static final List<String> MEMBERS =
      List.of(
          "KeyId",
          "WrappingAlgorithm",
          "WrappingKeySpec",
          "ImportToken",
          "EncryptedKeyMaterial",
          "ValidTo",
          "ExpirationModel",
          "ImportType",
          "KeyMaterialId",
          "KeyMaterialDescription",
          "Plaintext",
          "CiphertextBlob",
          "EncryptionContext",
          "EncryptionAlgorithm",
          "Message",
          "MessageType",
          "SigningAlgorithm",
          "Signature",
          "MacAlgorithm",
          "Mac",
          "Limit",
          "Marker",
          "AliasName",
          "TargetKeyId",
          "PendingWindowInDays",
          "NumberOfBytes",
          "KeySpec",
          "KeyUsage",
          "Origin",
          "Description",
          "Tags",
          "MultiRegion",
          "ReplicaRegion",
          "DryRun",
          "GrantTokens");
  static final List<String> WORDS =
      List.of(
          "RSAES_OAEP_SHA_256",
          "RSAES_OAEP_SHA_1",
          "RSA_AES_KEY_WRAP_SHA_256",
          "RSA_2048",
          "SM2",
          "SM2PKE",
          "RSAES_PKCS1_V1_5",
          "KEY_MATERIAL_EXPIRES",
          "KEY_MATERIAL_DOES_NOT_EXPIRE",
          "NEW_KEY_MATERIAL",
          "EXISTING_KEY_MATERIAL",
          "SYMMETRIC_DEFAULT",
          "HMAC_256",
          "ECC_NIST_P256",
          "GENERATE_VERIFY_MAC",
          "SIGN_VERIFY",
          "EXTERNAL",
          "AWS_KMS",
          "RAW",
          "DIGEST",
          "ECDSA_SHA_256",
          "HMAC_SHA_256",
          "alias/x",
          "alias/aws/y",
          "arn:aws:kms:us-east-1:111122223333:alias/x",
          "arn:",
          "arn:aws:kms:::key/",
          "",
          "eu-west-1",
          "AES_256",
          "0".repeat(64),
          "\u0000\uFFFF\uD83D\uDE00");
  static LocalKms server;
  static final List<String> keyIds = new ArrayList<>();

  /** Real import tokens and ciphertexts, so random requests reach unwrap and decrypt paths. */
  static final List<String> realBlobs = new ArrayList<>();

  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    server = LocalKms.builder().port(0).start();
    try (KmsClient kms = KmsFixture.client(server, "us-east-1")) {
      var sym = KmsFixture.createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
      KmsFixture.importMaterial(
          kms,
          sym.keyId(),
          AlgorithmSpec.RSAES_OAEP_SHA_256,
          WrappingKeySpec.RSA_2048,
          KmsFixture.random(32));
      keyIds.add(sym.keyId());
      keyIds.add(sym.arn());
      var hmacPending =
          KmsFixture.createExternal(kms, KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
      keyIds.add(hmacPending.keyId());
      realBlobs.add(
          Base64.getEncoder()
              .encodeToString(
                  KmsFixture.params(
                          kms,
                          hmacPending.keyId(),
                          AlgorithmSpec.RSAES_OAEP_SHA_1,
                          WrappingKeySpec.RSA_2048)
                      .importToken()
                      .asByteArray()));
      realBlobs.add(
          Base64.getEncoder()
              .encodeToString(
                  kms.encrypt(
                          r ->
                              r.keyId(sym.keyId())
                                  .plaintext(
                                      software.amazon.awssdk.core.SdkBytes.fromUtf8String("p")))
                      .ciphertextBlob()
                      .asByteArray()));
      keyIds.add(
          KmsFixture.createExternal(kms, KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC)
              .keyId());
      keyIds.add(
          kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
              .keyMetadata()
              .keyId());
      keyIds.add(kms.createKey(r -> r.description("fuzz")).keyMetadata().keyId());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void randomAndMalformedRequests_neverCrashOrAnswer5xx() throws Exception {
    Random rnd = new Random(SEED);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    int errors = 0;
    for (int i = 0; i < REQUESTS; i++) {
      String op = OPERATIONS.get(rnd.nextInt(OPERATIONS.size()));
      byte[] body = body(rnd);
      HttpRequest req = request(rnd, op, body);
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      String context =
          "request " + i + " (" + op + "): " + new String(body, StandardCharsets.UTF_8);
      assertThat(resp.statusCode()).as(context).isIn(200, 400);
      assertThat(resp.headers().firstValue("x-amzn-RequestId")).as(context).isPresent();
      JsonNode json = JSON.readTree(resp.body());
      assertThat(json.isObject()).as(context).isTrue();
      if (resp.statusCode() != 200) {
        errors++;
        assertThat(json.path("__type").isTextual()).as(context).isTrue();
        assertThat(json.path("message").isTextual()).as(context).isTrue();
      }
    }
    assertThat(errors).isGreaterThan(REQUESTS / 2);
    // Still alive and correct afterwards.
    try (KmsClient kms = KmsFixture.client(server, "us-east-1")) {
      assertThat(kms.describeKey(r -> r.keyId(keyIds.get(0))).keyMetadata().keyId())
          .isEqualTo(keyIds.get(0));
    }
  }

  private static HttpRequest request(Random rnd, String op, byte[] body) {
    int mode = rnd.nextInt(20);
    String target = mode == 0 ? "Garbage" + rnd.nextInt() : "TrentService." + op;
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .uri(URI.create(server.endpoint() + "/"))
            .method(SdkHttpMethod.POST)
            .putHeader("Content-Type", mode == 1 ? "text/plain" : "application/x-amz-json-1.1");
    if (mode != 2) {
      b.putHeader("X-Amz-Target", target);
    }
    Instant at = mode == 3 ? Instant.now().minusSeconds(3600) : Instant.now();
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                AccountCredentials.DEFAULT.accessKeyId(),
                                mode == 4 ? "wrong" : AccountCredentials.DEFAULT.secretAccessKey()))
                        .request(b.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(
                            AwsV4HttpSigner.REGION_NAME, mode == 5 ? "eu-west-1" : "us-east-1")
                        .putProperty(
                            AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    HttpRequest.Builder out =
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    Set<String> restricted = Set.of("host", "content-length");
    signed.forEachHeader(
        (k, v) -> {
          if (restricted.contains(k.toLowerCase(java.util.Locale.ROOT))) {
            return;
          }
          if (mode == 6 && k.equalsIgnoreCase("Authorization")) {
            out.header(k, garbage(rnd));
          } else if (!(mode == 7 && k.equalsIgnoreCase("Authorization"))) {
            v.forEach(x -> out.header(k, x));
          }
        });
    if (mode == 8) {
      out.header("X-Amz-Date", "not-a-date");
    }
    return out.build();
  }

  private static byte[] body(Random rnd) {
    int kind = rnd.nextInt(12);
    return switch (kind) {
      case 0 -> new byte[0];
      case 1 -> {
        byte[] b = new byte[rnd.nextInt(200)];
        rnd.nextBytes(b);
        yield b;
      }
      case 2 -> "{\"KeyId\": ".getBytes(StandardCharsets.UTF_8);
      case 3 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8);
      case 4 -> ("[".repeat(2000) + "]".repeat(2000)).getBytes(StandardCharsets.UTF_8);
      case 5 -> "{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8);
      default -> object(rnd).getBytes(StandardCharsets.UTF_8);
    };
  }

  private static String object(Random rnd) {
    StringBuilder sb = new StringBuilder("{");
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String name = rnd.nextInt(10) == 0 ? garbage(rnd) : MEMBERS.get(rnd.nextInt(MEMBERS.size()));
      sb.append(quote(name)).append(':').append(value(rnd, 0));
    }
    return sb.append('}').toString();
  }

  private static String value(Random rnd, int depth) {
    return switch (rnd.nextInt(depth > 2 ? 10 : 13)) {
      case 0 ->
          rnd.nextInt(3) == 0
              ? quote(realBlobs.get(rnd.nextInt(realBlobs.size())))
              : quote(keyIds.get(rnd.nextInt(keyIds.size())));
      case 1 -> quote(WORDS.get(rnd.nextInt(WORDS.size())));
      case 2 -> quote(Base64.getEncoder().encodeToString(random(rnd, rnd.nextInt(300))));
      case 3 -> quote(garbage(rnd));
      case 4 -> Long.toString(rnd.nextLong());
      case 5 -> List.of("1.7E9", "1e400", "1e999999999", "-1e-999999999").get(rnd.nextInt(4));
      case 6 -> Double.toString(rnd.nextDouble() * 2e9);
      case 7 -> rnd.nextBoolean() ? "true" : "null";
      case 8 -> quote("x".repeat(rnd.nextInt(9000)));
      case 9 -> Integer.toString(rnd.nextInt(40) - 5);
      case 10 -> "{\"k\":" + value(rnd, depth + 1) + "}";
      case 11 -> "[" + value(rnd, depth + 1) + "," + value(rnd, depth + 1) + "]";
      default -> "{\"TagKey\":" + value(rnd, depth + 1) + ",\"TagValue\":\"v\"}";
    };
  }

  private static byte[] random(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private static String garbage(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(30);
    for (int i = 0; i < n; i++) {
      sb.append((char) (32 + rnd.nextInt(95)));
    }
    return sb.toString();
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
