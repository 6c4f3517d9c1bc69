package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.Reply;
import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.localkms.LocalKms;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kms port's SDK adapter against the local KMS over real HTTP. */
class SdkKmsIT {
  private static LocalKms local;

  @BeforeAll
  static void start() throws Exception {
    local = LocalKms.builder().port(0).start();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @AfterEach
  void noFaults() {
    local.setFaults(FaultSettings.NONE);
  }

  private static SdkKms client(SdkKmsConfig.Retries retries, List<String> debug) {
    return SdkKms.create(
        SdkKmsConfig.builder()
            .endpoint(local.endpoint())
            .region("eu-west-1")
            .staticCredentials(
                SdkKms.LOCAL_ACCESS_KEY_ID,
                Secret.adopt("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".toCharArray()))
            .retries(retries)
            .debug(debug == null ? null : debug::add)
            .environment(Map.of())
            .build());
  }

  @Test
  void hmacImport_fullCycle_withRequestIdsAndKeyInfo() throws Exception {
    try (SdkKms kms = SdkKms.forLocalKms(local.endpoint(), "eu-west-1")) {
      assertThat(kms.target().region()).isEqualTo("eu-west-1");
      assertThat(kms.target().endpoint()).isEqualTo(local.endpoint().toString());
      Reply<KeyInfo> created =
          kms.createKey(
              new CreateKeySpec(
                  "HMAC_256", "GENERATE_VERIFY_MAC", "it", Map.of("team", "pki"), false));
      KeyInfo k = created.value();
      assertThat(created.requestId()).isNotBlank();
      assertThat(k.origin()).isEqualTo("EXTERNAL");
      assertThat(k.keyState()).isEqualTo("PendingImport");
      assertThat(k.accountId()).isEqualTo(SdkKms.LOCAL_ACCOUNT_ID);
      assertThat(k.macAlgorithms()).containsExactly("HMAC_SHA_256");

      var params =
          kms.getParametersForImport(
              k.keyId(), WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
      assertThat(params.value().keyArn()).endsWith(k.keyId());
      assertThat(params.value().parametersValidTo()).isAfter(Instant.now());
      byte[] material = new byte[32];
      new SecureRandom().nextBytes(material);
      PublicKey pub =
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(params.value().publicKeySpki()));
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          pub,
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      Instant validTo = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      var imported =
          kms.importKeyMaterial(
              new ImportMaterialRequest(
                  k.keyId(),
                  params.value().importToken(),
                  c.doFinal(material),
                  "KEY_MATERIAL_EXPIRES",
                  validTo,
                  null,
                  null,
                  null));
      assertThat(imported.requestId()).isNotBlank().isNotEqualTo(created.requestId());
      assertThat(imported.value().keyArn()).endsWith(k.keyId());

      KeyInfo after = kms.describeKey(k.keyId()).value();
      assertThat(after.enabled()).isTrue();
      assertThat(after.validTo()).isEqualTo(validTo);

      byte[] msg = "challenge".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(material, "HmacSHA256"));
      assertThat(kms.generateMac(k.keyId(), "HMAC_SHA_256", msg).value())
          .isEqualTo(mac.doFinal(msg));

      kms.deleteImportedKeyMaterial(k.keyId());
      assertThat(kms.describeKey(k.keyId()).value().keyState()).isEqualTo("PendingImport");
      assertThat(kms.listKeyIds(100).value()).contains(k.keyId());
    }
  }

  @Test
  void serviceError_isMappedWithCodeMessageRequestIdAndStatus() {
    try (SdkKms kms = SdkKms.forLocalKms(local.endpoint(), "eu-west-1")) {
      assertThatThrownBy(() -> kms.describeKey("1234abcd-12ab-34cd-56ef-1234567890ab"))
          .isInstanceOfSatisfying(
              KmsException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo("NotFoundException");
                assertThat(e.operation()).isEqualTo("DescribeKey");
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.requestId()).isNotBlank();
                assertThat(e.detail()).contains("does not exist");
              });
    }
  }

  @Test
  void connectionRefused_isClientError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI dead = URI.create("http://127.0.0.1:" + port);
    try (SdkKms kms =
        SdkKms.create(
            SdkKmsConfig.builder()
                .endpoint(dead)
                .region("eu-west-1")
                .staticCredentials("AKIAIOSFODNN7EXAMPLE", Secret.adopt("x".toCharArray()))
                .retries(new SdkKmsConfig.Retries(SdkKmsConfig.Retries.Mode.NONE, 1))
                .environment(Map.of())
                .build())) {
      assertThatThrownBy(() -> kms.listKeyIds(1))
          .isInstanceOfSatisfying(
              KmsException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo("ClientError");
                assertThat(e.detail()).contains(dead.toString());
              });
    }
  }

  @Test
  void throttling_isRetriedByStandardRetries_andNotWithout() {
    local.setFaults(new FaultSettings(1.0, 0, 0, 0, 7));
    List<String> once = new ArrayList<>();
    try (SdkKms kms = client(new SdkKmsConfig.Retries(SdkKmsConfig.Retries.Mode.NONE, 1), once)) {
      assertThatThrownBy(() -> kms.listKeyIds(1))
          .isInstanceOfSatisfying(
              KmsException.class, e -> assertThat(e.errorCode()).isEqualTo("ThrottlingException"));
    }
    List<String> standard = new ArrayList<>();
    try (SdkKms kms = client(SdkKmsConfig.Retries.standard(), standard)) {
      assertThatThrownBy(() -> kms.listKeyIds(1)).isInstanceOf(KmsException.class);
    }
    assertThat(once.stream().filter(l -> l.startsWith("Sending http request"))).hasSize(1);
    assertThat(standard.stream().filter(l -> l.startsWith("Sending http request"))).hasSize(3);
  }

  @Test
  void documentCall_roundTripsPascalCaseJson() {
    try (SdkKms kms = SdkKms.forLocalKms(local.endpoint(), "eu-west-1")) {
      ObjectNode in = JsonNodeFactory.instance.objectNode();
      in.put("Origin", "EXTERNAL");
      in.put("Description", "doc");
      in.putArray("Tags").addObject().put("TagKey", "a").put("TagValue", "b");
      var created = kms.call("CreateKey", in);
      assertThat(created.requestId()).isNotBlank();
      var meta = created.value().get("KeyMetadata");
      assertThat(meta.get("Description").asText()).isEqualTo("doc");
      assertThat(meta.get("CreationDate").isPojo()).isTrue();
      ObjectNode d = JsonNodeFactory.instance.objectNode().put("KeyId", meta.get("KeyId").asText());
      assertThat(kms.call("DescribeKey", d).value().get("KeyMetadata").get("KeyState").asText())
          .isEqualTo("PendingImport");
    }
  }
}
