package dev.keyceremony.ceremony.script;

import java.util.List;

/**
 * The {@code kms} section: AWS KMS (region, profile), a local KMS (endpoint) or the embedded one.
 */
final class KmsSectionParser {
  static final List<String> KEYS =
      List.of("region", "profile", "endpoint", "embedded", "retry-budget");

  private KmsSectionParser() {}

  static KmsSection parse(Fields f) {
    if (!f.present()) {
      return null;
    }
    String region = f.text("region", false, "an AWS Region such as eu-west-1");
    String profile = f.text("profile", false, "a named AWS CLI profile");
    String endpoint = f.text("endpoint", false, "a local KMS URL such as http://127.0.0.1:4599");
    boolean embedded = f.bool("embedded", false);
    if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
      f.problem("region", "'" + region + "' is not an AWS Region name; e.g. us-east-1, eu-west-1");
    }
    if (endpoint != null && !endpoint.matches("https?://[^\\s/]+(/\\S*)?")) {
      f.problem("endpoint", "'" + endpoint + "' is not an http:// or https:// URL");
    }
    if (embedded && (endpoint != null || profile != null)) {
      f.problem(
          "embedded",
          "true cannot be combined with endpoint or profile; the embedded local"
              + " KMS runs in-process and needs neither");
    } else if (!embedded && endpoint == null && region == null) {
      f.problem(
          "region",
          "is required: give region (and optionally profile) for AWS KMS,"
              + " endpoint for a local KMS, or embedded: true for a demo");
    }
    if (endpoint != null && profile != null) {
      f.problem("profile", "cannot be combined with endpoint: a local KMS takes any credentials");
    }
    java.time.Duration budget = null;
    String b = f.text("retry-budget", false, "how long one KMS call is retried, e.g. 3m, 90s");
    if (b != null) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})([smh])").matcher(b);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        budget =
            switch (m.group(2)) {
              case "s" -> java.time.Duration.ofSeconds(n);
              case "m" -> java.time.Duration.ofMinutes(n);
              default -> java.time.Duration.ofHours(n);
            };
      }
      if (budget == null || budget.compareTo(java.time.Duration.ofHours(2)) > 0) {
        f.problem(
            "retry-budget",
            "'"
                + b
                + "' is not a duration from 0s to 2h such as 3m or"
                + " 90s (seconds s, minutes m, hours h)");
        budget = null;
      }
    }
    return new KmsSection(region, profile, endpoint, embedded, budget);
  }
}
