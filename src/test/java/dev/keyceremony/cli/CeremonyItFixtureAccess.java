package dev.keyceremony.cli;

import dev.keyceremony.localkms.AccountCredentials;
import dev.keyceremony.localkms.LocalKms;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** A real SDK client on any local KMS (the fixture's {@code sdk()} is for its own). */
final class CeremonyItFixtureAccess {
  private CeremonyItFixtureAccess() {}

  static KmsClient sdk(LocalKms kms) {
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
}
