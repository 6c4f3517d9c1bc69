package dev.keyceremony.kms.sdk;

import dev.keyceremony.kms.KmsConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * The shared AWS configuration (~/.aws/config, ~/.aws/credentials, AWS_* variables) as the AWS CLI
 * reads it, parsed by the SDK's own {@link ProfileFile}. The environment is injected so that tests
 * need not change the process's.
 */
public final class AwsSettings {
  /** CLI v2's message when no Region can be found. */
  public static final String NO_REGION =
      "You must specify a region. You can also configure your region by running \"aws configure\".";

  private final Map<String, String> env;
  private final ProfileFile profileFile;
  private final String profileName;
  private final boolean profileNamed;

  private AwsSettings(Map<String, String> env, String explicitProfile) {
    this.env = env;
    this.profileFile = load(env);
    String fromEnv = blankToNull(env.get("AWS_PROFILE"));
    this.profileNamed = explicitProfile != null || fromEnv != null;
    this.profileName =
        explicitProfile != null ? explicitProfile : fromEnv != null ? fromEnv : "default";
  }

  /**
   * Reads the configuration. A profile named by {@code --profile} or AWS_PROFILE must exist (as the
   * CLI requires); the default profile may be absent.
   *
   * @throws KmsConfigException "The config profile (x) could not be found"
   */
  public static AwsSettings load(Map<String, String> env, String explicitProfile) {
    AwsSettings s = new AwsSettings(env, explicitProfile);
    if (s.profileNamed && s.profile().isEmpty()) {
      throw new KmsConfigException("The config profile (" + s.profileName + ") could not be found");
    }
    return s;
  }

  private static ProfileFile load(Map<String, String> env) {
    Path home = Paths.get(System.getProperty("user.home"));
    Path config = pathOf(env.get("AWS_CONFIG_FILE"), home.resolve(".aws").resolve("config"));
    Path creds =
        pathOf(env.get("AWS_SHARED_CREDENTIALS_FILE"), home.resolve(".aws").resolve("credentials"));
    ProfileFile.Aggregator agg = ProfileFile.aggregator();
    // Credentials file first: the aggregator lets later files win, and the CLI lets config
    // settings lose to credentials for keys (credentials are read from the credentials file).
    if (Files.isRegularFile(config)) {
      agg.addFile(
          ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
    }
    if (Files.isRegularFile(creds)) {
      agg.addFile(ProfileFile.builder().content(creds).type(ProfileFile.Type.CREDENTIALS).build());
    }
    return agg.build();
  }

  private static Path pathOf(String value, Path fallback) {
    String v = blankToNull(value);
    if (v == null) {
      return fallback;
    }
    return Paths.get(v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  ProfileFile profileFile() {
    return profileFile;
  }

  public String profileName() {
    return profileName;
  }

  Optional<Profile> profile() {
    return profileFile.profile(profileName);
  }

  /** A setting of the active profile (e.g. "output", "cli_binary_format"). */
  public Optional<String> profileProperty(String name) {
    return profile().flatMap(p -> p.property(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** An environment variable, blank treated as unset. */
  public Optional<String> env(String name) {
    return Optional.ofNullable(blankToNull(env.get(name)));
  }

  /** An environment variable as set, empty string included (AWS_PAGER="" turns the pager off). */
  public Optional<String> rawEnv(String name) {
    return Optional.ofNullable(env.get(name));
  }

  Map<String, String> environment() {
    return env;
  }

  /**
   * The Region as the CLI chooses it: explicit, AWS_REGION, AWS_DEFAULT_REGION, the profile, the
   * instance metadata (unless AWS_EC2_METADATA_DISABLED=true).
   *
   * @throws KmsConfigException with the CLI's message when there is none
   */
  public String region(String explicit) {
    String r = blankToNull(explicit);
    if (r == null) {
      r =
          env("AWS_REGION")
              .or(() -> env("AWS_DEFAULT_REGION"))
              .or(() -> profileProperty("region"))
              .orElse(null);
    }
    if (r == null && !"true".equalsIgnoreCase(env("AWS_EC2_METADATA_DISABLED").orElse(""))) {
      // Last, as the CLI: the instance's Region from IMDS (fails fast off EC2).
      try {
        r = new InstanceProfileRegionProvider().getRegion().id();
      } catch (RuntimeException e) {
        r = null;
      }
    }
    if (r == null) {
      throw new KmsConfigException(NO_REGION);
    }
    return r;
  }

  /**
   * The endpoint: explicit, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, the profile's endpoint_url, or
   * null for the Region's default.
   */
  public URI endpoint(URI explicit) {
    if (explicit != null) {
      return explicit;
    }
    Optional<String> v =
        env("AWS_ENDPOINT_URL_KMS")
            .or(() -> env("AWS_ENDPOINT_URL"))
            .or(() -> profileProperty("endpoint_url"));
    if (v.isEmpty()) {
      return null;
    }
    try {
      return new URI(v.get());
    } catch (URISyntaxException e) {
      throw new KmsConfigException(
          "The configured endpoint URL '"
              + v.get()
              + "' is not a valid URL: "
              + e.getReason()
              + "; fix AWS_ENDPOINT_URL(_KMS) or endpoint_url");
    }
  }

  /** What the SDK would call when no endpoint is configured. */
  public static URI defaultEndpoint(String region) {
    String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return URI.create("https://kms." + region + "." + suffix);
  }
}
