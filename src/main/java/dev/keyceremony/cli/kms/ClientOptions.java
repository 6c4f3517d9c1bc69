package dev.keyceremony.cli.kms;

import dev.keyceremony.kms.AwsCliSettings;
import dev.keyceremony.kms.KmsClientRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The global options and configuration that shape the KMS client, resolved as the CLI does. */
record ClientOptions(KmsClientRequest request) {

  static ClientOptions from(GlobalOptions g, AwsCliSettings s, Consumer<String> debug) {
    String region = s.region(g.region);
    String mode =
        s.env("AWS_RETRY_MODE")
            .or(() -> s.profileProperty("retry_mode"))
            .orElse("standard")
            .toUpperCase(Locale.ROOT);
    int attempts =
        s.env("AWS_MAX_ATTEMPTS")
            .or(() -> s.profileProperty("max_attempts"))
            .filter(v -> v.matches("\\d+"))
            .map(Integer::parseInt)
            .orElse(3);
    String ca =
        g.caBundle != null
            ? g.caBundle
            : s.env("AWS_CA_BUNDLE").or(() -> s.profileProperty("ca_bundle")).orElse(null);
    return new ClientOptions(
        new KmsClientRequest(
            region,
            g.profile,
            g.endpointUrl == null ? null : endpoint(g.endpointUrl),
            g.noSignRequest,
            !g.noVerifySsl,
            seconds(g.connectTimeout, "--cli-connect-timeout"),
            seconds(g.readTimeout, "--cli-read-timeout"),
            List.of("LEGACY", "ADAPTIVE").contains(mode) ? mode : "STANDARD",
            Math.max(1, attempts),
            ca == null ? null : Paths.get(ca),
            debug,
            null));
  }

  /** With the environment the settings were read from (tests inject their own). */
  ClientOptions withEnvironment(java.util.Map<String, String> env) {
    return new ClientOptions(request.withEnvironment(env));
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

  static URI endpoint(String url) {
    String bad =
        "Bad value for --endpoint-url \""
            + url
            + "\": scheme is missing.  Must be of"
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
