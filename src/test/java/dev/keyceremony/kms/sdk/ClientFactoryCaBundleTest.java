package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.kms.KmsConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CA bundle is read only when TLS can happen, as the AWS CLI v2 does. */
class ClientFactoryCaBundleTest {
  private static SdkKmsConfig config(String endpoint) {
    return SdkKmsConfig.builder()
        .region("us-east-1")
        .endpoint(URI.create(endpoint))
        .unsigned(true)
        .caBundle(Path.of("/nonexistent/ca.pem"))
        .environment(Map.of())
        .build();
  }

  @Test
  void plainHttpEndpoint_doesNotReadTheCaBundle() {
    ClientFactory.Built b = ClientFactory.build(config("http://127.0.0.1:4599"));
    b.client().close();
    assertThat(b.endpoint()).hasToString("http://127.0.0.1:4599");
  }

  @Test
  void httpsEndpoint_readsItAtOnce_andNamesAMissingFile() {
    assertThatThrownBy(() -> ClientFactory.build(config("https://kms.example.test")))
        .isInstanceOf(KmsConfigException.class)
        .hasMessageContaining("Unable to read the CA bundle /nonexistent/ca.pem");
  }
}
