package dev.keyceremony.cli.kms;

import dev.keyceremony.kms.sdk.AwsSettings;
import dev.keyceremony.kms.sdk.SdkKmsConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/** The global options and configuration that shape the SDK client, resolved as the CLI does. */
record ClientOptions(SdkKmsConfig config) {

  static ClientOptions from(GlobalOptions g, AwsSettings s, Consumer<String> debug) {
    String region = s.region(g.region);
    SdkKmsConfig.Builder b = SdkKmsConfig.builder()
        .region(region)
        .profile(g.profile)
        .unsigned(g.noSignRequest)
        .verifyTls(!g.noVerifySsl)
        .connectTimeout(seconds(g.connectTimeout, "--cli-connect-timeout"))
        .readTimeout(seconds(g.readTimeout, "--cli-read-timeout"))
        .retries(retries(s))
        .debug(debug)
        .environment(null);
    if (g.endpointUrl != null) {
      b.endpoint(endpoint(g.endpointUrl));
    }
    String ca = g.caBundle != null ? g.caBundle
        : s.env("AWS_CA_BUNDLE").or(() -> s.profileProperty("ca_bundle")).orElse(null);
    if (ca != null) {
      b.caBundle(Paths.get(ca));
    }
    return new ClientOptions(b.build());
  }

  /** With the environment the settings were read from (tests inject their own). */
  ClientOptions withEnvironment(java.util.Map<String, String> env) {
    SdkKmsConfig c = config;
    return new ClientOptions(new SdkKmsConfig(c.region(), c.profile(), c.endpoint(),
        c.accessKeyId(), c.secretAccessKey(), c.unsigned(), c.retries(), c.connectTimeout(),
        c.readTimeout(), c.verifyTls(), c.caBundle(), c.debug(), env));
  }

  private static Duration seconds(String v, String option) {
    if (v == null) {
      return Duration.ofSeconds(60);
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0) {
        throw CliFailure.usage("argument " + option + ": invalid int value: '" + v + "'");
      }
      // 0 means no timeout, as for the CLI; Apache treats a zero timeout as infinite.
      return Duration.ofSeconds(n);
    } catch (NumberFormatException e) {
      throw CliFailure.usage("argument " + option + ": invalid int value: '" + v + "'");
    }
  }

  private static SdkKmsConfig.Retries retries(AwsSettings s) {
    String mode = s.env("AWS_RETRY_MODE").or(() -> s.profileProperty("retry_mode"))
        .orElse("standard").toUpperCase(Locale.ROOT);
    int attempts = s.env("AWS_MAX_ATTEMPTS").or(() -> s.profileProperty("max_attempts"))
        .filter(v -> v.matches("\\d+")).map(Integer::parseInt).orElse(3);
    SdkKmsConfig.Retries.Mode m = switch (mode) {
      case "LEGACY" -> SdkKmsConfig.Retries.Mode.LEGACY;
      case "ADAPTIVE" -> SdkKmsConfig.Retries.Mode.ADAPTIVE;
      default -> SdkKmsConfig.Retries.Mode.STANDARD;
    };
    return new SdkKmsConfig.Retries(m, Math.max(1, attempts));
  }

  static URI endpoint(String url) {
    String bad = "Bad value for --endpoint-url \"" + url + "\": scheme is missing.  Must be of"
        + " the form http://<hostname>/ or https://<hostname>/";
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || u.getHost() == null) {
        throw CliFailure.param(bad);
      }
      return u;
    } catch (URISyntaxException e) {
      throw CliFailure.param(bad);
    }
  }
}
