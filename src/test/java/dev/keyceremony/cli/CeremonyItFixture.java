package dev.keyceremony.cli;

import dev.keyceremony.localkms.AccountCredentials;
import dev.keyceremony.localkms.LocalKms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;

/**
 * The shared set-up of the ceremony ITs: the IT token's signer key exists, an in-process local KMS
 * on an ephemeral port for the class, a temporary directory for scripts and bundles, and a real SDK
 * client on the local KMS for assertions about what KMS holds.
 */
abstract class CeremonyItFixture {
  static LocalKms kms;
  @TempDir static Path dir;

  @BeforeAll
  static void startLocalKms() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).start();
  }

  @AfterAll
  static void stopLocalKms() {
    kms.close();
  }

  /** A real SDK client on the local KMS with its default credentials; the caller closes it. */
  static KmsClient sdk() {
    AccountCredentials c = kms.defaultCredentials();
    return KmsClient.builder()
        .endpointOverride(kms.endpoint())
        .region(Region.US_EAST_1)
        .httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
        .build();
  }

  /** Every key ID the local KMS holds (ListKeys), to assert that nothing was created. */
  static List<String> keyIds() {
    try (KmsClient sdk = sdk()) {
      return sdk.listKeysPaginator(b -> b.limit(1000)).keys().stream()
          .map(KeyListEntry::keyId)
          .toList();
    }
  }
}
