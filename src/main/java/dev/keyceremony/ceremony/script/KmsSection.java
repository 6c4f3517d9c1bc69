package dev.keyceremony.ceremony.script;

import java.time.Duration;

/**
 * Where KMS is: AWS ({@code region}, optional {@code profile}), a local KMS ({@code endpoint}, with
 * a region for signing), or an in-process local KMS for demos ({@code embedded}). Null means not
 * given.
 */
public record KmsSection(
    String region, String profile, String endpoint, boolean embedded, Duration retryBudget) {
  /**
   * How long one KMS call is retried after throttling, a 5xx or no answer, unless the script says.
   */
  public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(3);

  public KmsSection {
    retryBudget = retryBudget == null ? DEFAULT_RETRY_BUDGET : retryBudget;
  }

  public KmsSection(String region, String profile, String endpoint, boolean embedded) {
    this(region, profile, endpoint, embedded, null);
  }

  /** The region used when a local endpoint or the embedded KMS is used without one. */
  public static final String LOCAL_DEFAULT_REGION = "us-east-1";

  public String regionOrDefault() {
    return region == null ? LOCAL_DEFAULT_REGION : region;
  }

  /** A one-line description for plans and transcripts (never a credential). */
  public String describe() {
    if (embedded) {
      return "embedded local KMS (in-process, region " + regionOrDefault() + ")";
    }
    if (endpoint != null) {
      return "local KMS at " + endpoint + " (region " + regionOrDefault() + ")";
    }
    return "AWS KMS in "
        + region
        + (profile == null ? " (default credentials)" : " (profile " + profile + ")");
  }
}
