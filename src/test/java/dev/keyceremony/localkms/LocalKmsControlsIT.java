package dev.keyceremony.localkms;

import static dev.keyceremony.localkms.KmsAssert.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Quota emulation and the loopback-only admin endpoint. */
class LocalKmsControlsIT {
  @Test
  void emulatedQuota_throttlesSecondGetParametersForImportWithinASecond() throws Exception {
    try (LocalKms server = LocalKms.builder().port(0).emulateQuotas(true).start();
        KmsClient kms = KmsFixture.client(server, "us-east-1")) {
      String id = kms.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
      // Pooled wrapping keys make the calls fast, so two land within the 1-per-second budget.
      server.warmWrappingKeys("RSA_2048");
      KmsFixture.params(kms, id, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
      fails(
          () ->
              KmsFixture.params(
                  kms, id, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048),
          "ThrottlingException",
          "You have exceeded the rate at which you may call KMS. Reduce the frequency of your"
              + " calls.");
      int throttled = 0;
      for (int i = 0; i < 40; i++) {
        try {
          kms.deleteImportedKeyMaterial(r -> r.keyId(id));
        } catch (software.amazon.awssdk.services.kms.model.KmsException e) {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          throttled++;
        }
      }
      assertThat(throttled).as("DeleteImportedKeyMaterial beyond 15/s").isPositive();
      // Other operations and other Regions have their own budgets.
      assertThat(kms.describeKey(r -> r.keyId(id)).keyMetadata().keyId()).isEqualTo(id);
      try (KmsClient west = KmsFixture.client(server, "eu-west-1")) {
        String w = west.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        KmsFixture.params(west, w, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
      }
    }
  }

  @Test
  void adminEndpoint_refusesNonLoopbackPeers() throws Exception {
    InetAddress external = null;
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          external = a;
        }
      }
    }
    assumeTrue(external != null, "this machine has no non-loopback IPv4 address to test from");
    try (LocalKms server =
        LocalKms.builder().port(0).bind(external.getHostAddress()).allowNonLoopback(true).start()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.endpoint() + "/_local/clock"))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"advanceSeconds\": 10}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\"__type\":\"AccessDeniedException\"");
      assertThat(server.clock().offset()).isZero();
    }
  }
}
