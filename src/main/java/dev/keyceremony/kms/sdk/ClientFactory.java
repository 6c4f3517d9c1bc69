package dev.keyceremony.kms.sdk;

import dev.keyceremony.kms.KmsConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds a {@link KmsClient} from an {@link SdkKmsConfig}; all SDK wiring lives here. */
final class ClientFactory {
  static final String NO_CREDENTIALS =
      "Unable to locate credentials. You can configure credentials by running \"aws configure\".";

  private ClientFactory() {}

  /** The built client and what it resolved. */
  record Built(KmsClient client, String region, URI endpoint, String profile) {}

  static Built build(SdkKmsConfig c) {
    AwsSettings settings = AwsSettings.load(c.environment(), c.profile());
    String region = settings.region(c.region());
    URI endpoint = settings.endpoint(c.endpoint());
    AwsCredentialsProvider credentials = credentials(c, settings);
    if (!c.unsigned()) {
      try {
        credentials.resolveCredentials();
      } catch (SdkClientException | IllegalStateException e) {
        throw new KmsConfigException(NO_CREDENTIALS, e);
      }
    }
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder().retryStrategy(retryStrategy(c.retries()));
    if (c.debug() != null) {
      override.addExecutionInterceptor(new DebugInterceptor(c.debug()));
    }
    URI effective = endpoint != null ? endpoint : AwsSettings.defaultEndpoint(region);
    var builder =
        KmsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(httpClient(c, "http".equalsIgnoreCase(effective.getScheme())))
            .overrideConfiguration(override.build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return new Built(builder.build(), region, effective, settings.profileName());
  }

  static AwsCredentialsProvider credentials(SdkKmsConfig c, AwsSettings s) {
    if (c.unsigned()) {
      return AnonymousCredentialsProvider.create();
    }
    if (c.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey().withChars(String::new)));
    }
    List<AwsCredentialsProvider> chain = new ArrayList<>();
    // As botocore: an explicit --profile disables the environment's keys; AWS_PROFILE does not.
    var keyId = s.env("AWS_ACCESS_KEY_ID");
    var secret = s.env("AWS_SECRET_ACCESS_KEY");
    if (c.profile() == null && keyId.isPresent() && secret.isPresent()) {
      var token = s.env("AWS_SESSION_TOKEN");
      chain.add(
          StaticCredentialsProvider.create(
              token.isPresent()
                  ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                  : AwsBasicCredentials.create(keyId.get(), secret.get())));
    }
    if (s.profile().isPresent()) {
      chain.add(
          ProfileCredentialsProvider.builder()
              .profileFile(s.profileFile())
              .profileName(s.profileName())
              .build());
    }
    chain.add(ContainerCredentialsProvider.create());
    if (!"true".equalsIgnoreCase(s.env("AWS_EC2_METADATA_DISABLED").orElse(""))) {
      chain.add(
          InstanceProfileCredentialsProvider.builder()
              .profileFile(s.profileFile())
              .profileName(s.profileName())
              .build());
    }
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(chain)
        .reuseLastProviderEnabled(true)
        .build();
  }

  static RetryStrategy retryStrategy(SdkKmsConfig.Retries r) {
    return switch (r.mode()) {
      case NONE -> AwsRetryStrategy.doNotRetry();
      case STANDARD ->
          AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(r.maxAttempts()).build();
      case LEGACY ->
          AwsRetryStrategy.legacyRetryStrategy().toBuilder().maxAttempts(r.maxAttempts()).build();
      case ADAPTIVE ->
          AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(r.maxAttempts()).build();
    };
  }

  /**
   * The Apache client. For a plain-http endpoint (a local KMS) no TLS ever happens, so the CA
   * bundle is not read, as the AWS CLI v2 does not read it either (AWS_CA_BUNDLE=/nonexistent works
   * there against http://); for https it is read now, so a bad bundle is reported first.
   */
  private static SdkHttpClient httpClient(SdkKmsConfig c, boolean plainHttp) {
    ApacheHttpClient.Builder http =
        ApacheHttpClient.builder()
            .connectionTimeout(c.connectTimeout())
            .socketTimeout(c.readTimeout());
    if (c.caBundle() != null && !plainHttp) {
      TrustManager[] tms = trustManagers(c);
      http.tlsTrustManagersProvider(() -> tms);
    } else {
      // The JDK's default trust managers, built at the first TLS handshake instead of with the
      // client: parsing the JDK's CA store costs about a quarter of a second of start-up, and an
      // http:// endpoint (the local KMS) never needs it. Same checks, later.
      http.tlsTrustManagersProvider(() -> new TrustManager[] {new LazyDefaultTrustManager()});
    }
    if (!c.verifyTls()) {
      return http.buildWithDefaults(
          AttributeMap.builder()
              .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE)
              .build());
    }
    return http.build();
  }

  private static TrustManager[] trustManagers(SdkKmsConfig c) {
    try (InputStream in = Files.newInputStream(c.caBundle())) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new KmsConfigException(
            "The CA bundle "
                + c.caBundle()
                + " holds no PEM certificate; give a file of -----BEGIN CERTIFICATE----- blocks");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (IOException e) {
      throw new KmsConfigException("Unable to read the CA bundle " + c.caBundle() + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new KmsConfigException(
          "The CA bundle " + c.caBundle() + " is not a PEM certificate bundle: " + e.getMessage(),
          e);
    }
  }
}
