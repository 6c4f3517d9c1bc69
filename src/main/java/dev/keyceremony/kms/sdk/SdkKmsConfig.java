package dev.keyceremony.kms.sdk;

import dev.keyceremony.core.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How to build the SDK client. Null fields mean "as the SDK's default chains decide": region from
 * AWS_REGION / the profile, credentials from the default provider chain, endpoint from
 * AWS_ENDPOINT_URL_KMS / AWS_ENDPOINT_URL / the profile's endpoint_url / the Region.
 *
 * @param region explicit Region, or null for the default region chain of {@code profile}
 * @param profile explicit profile name, or null for AWS_PROFILE or "default"
 * @param endpoint explicit endpoint, or null
 * @param accessKeyId static access key ID (with {@code secretAccessKey}), or null
 * @param secretAccessKey static secret key, or null; never printed
 * @param unsigned send unsigned requests and load no credentials (--no-sign-request)
 * @param retries retry behaviour
 * @param connectTimeout socket connect timeout; zero means none
 * @param readTimeout socket read timeout; zero means none
 * @param verifyTls false trusts every certificate (--no-verify-ssl)
 * @param caBundle PEM file of trusted CA certificates, or null for the JVM's trust store
 * @param debug receives request/response diagnostics with secrets redacted, or null
 * @param environment the process environment to read AWS_* settings from (tests pass their own)
 */
public record SdkKmsConfig(
    String region,
    String profile,
    URI endpoint,
    String accessKeyId,
    Secret secretAccessKey,
    boolean unsigned,
    Retries retries,
    Duration connectTimeout,
    Duration readTimeout,
    boolean verifyTls,
    Path caBundle,
    Consumer<String> debug,
    Map<String, String> environment) {

  /** Retry behaviour: the SDK's standard mode (retries throttling) unless told otherwise. */
  public record Retries(Mode mode, int maxAttempts) {
    /** SDK retry modes; NONE makes exactly one attempt. */
    public enum Mode {
      STANDARD,
      LEGACY,
      ADAPTIVE,
      NONE
    }

    public Retries {
      if (mode == null) {
        throw new IllegalArgumentException("retry mode is required");
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(
            "maxAttempts must be at least 1 (1 means no retry), was " + maxAttempts);
      }
    }

    /** The SDK's standard retries: 3 attempts, exponential backoff, throttling retried. */
    public static Retries standard() {
      return new Retries(Mode.STANDARD, 3);
    }
  }

  public SdkKmsConfig {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "static credentials need both an access key ID and a secret access key");
    }
    if (retries == null) {
      retries = Retries.standard();
    }
    connectTimeout = nonNegative(connectTimeout, "connectTimeout");
    readTimeout = nonNegative(readTimeout, "readTimeout");
    environment = environment == null ? System.getenv() : Map.copyOf(environment);
  }

  private static Duration nonNegative(Duration d, String name) {
    if (d == null) {
      return Duration.ofSeconds(60);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }

  /** Everything from the SDK's default chains, standard retries, 60 s timeouts. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "SdkKmsConfig[region="
        + region
        + ", profile="
        + profile
        + ", endpoint="
        + endpoint
        + ", accessKeyId="
        + accessKeyId
        + ", unsigned="
        + unsigned
        + ", retries="
        + retries
        + ", verifyTls="
        + verifyTls
        + "]";
  }

  /** Builds a config; unset fields keep the SDK's defaults. */
  public static final class Builder {
    private String region;
    private String profile;
    private URI endpoint;
    private String accessKeyId;
    private Secret secretAccessKey;
    private boolean unsigned;
    private Retries retries = Retries.standard();
    private Duration connectTimeout = Duration.ofSeconds(60);
    private Duration readTimeout = Duration.ofSeconds(60);
    private boolean verifyTls = true;
    private Path caBundle;
    private Consumer<String> debug;
    private Map<String, String> environment;

    private Builder() {}

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder profile(String v) {
      profile = v;
      return this;
    }

    public Builder endpoint(URI v) {
      endpoint = v;
      return this;
    }

    /** Static credentials; the builder keeps the {@link Secret} (the caller must not close it). */
    public Builder staticCredentials(String keyId, Secret secret) {
      accessKeyId = keyId;
      secretAccessKey = secret;
      return this;
    }

    public Builder unsigned(boolean v) {
      unsigned = v;
      return this;
    }

    public Builder retries(Retries v) {
      retries = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder readTimeout(Duration v) {
      readTimeout = v;
      return this;
    }

    public Builder verifyTls(boolean v) {
      verifyTls = v;
      return this;
    }

    public Builder caBundle(Path v) {
      caBundle = v;
      return this;
    }

    public Builder debug(Consumer<String> v) {
      debug = v;
      return this;
    }

    public Builder environment(Map<String, String> v) {
      environment = v;
      return this;
    }

    public SdkKmsConfig build() {
      return new SdkKmsConfig(
          region,
          profile,
          endpoint,
          accessKeyId,
          secretAccessKey,
          unsigned,
          retries,
          connectTimeout,
          readTimeout,
          verifyTls,
          caBundle,
          debug,
          environment);
    }
  }
}
