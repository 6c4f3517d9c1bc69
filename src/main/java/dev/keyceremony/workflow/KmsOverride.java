package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.KmsSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --endpoint-url}, {@code --region} and {@code --profile} given on the command line: they
 * replace the script's {@code kms:} section for this run, field by field, as the AWS CLI's options
 * override its configuration. What the script said and what was used go into the transcript's facts
 * ({@link #facts}). Null means not given.
 *
 * <p>{@code --endpoint-url} means what {@code kms.endpoint} means: a KMS-compatible endpoint (a
 * {@code ./ceremony local-kms}) signed with the local KMS's example credentials, so it drops the
 * script's profile and {@code embedded}; {@code --profile} means AWS KMS with that profile's
 * credentials, so it drops the script's endpoint.
 */
public record KmsOverride(String endpointUrl, String region, String profile) {
  public static final KmsOverride NONE = new KmsOverride(null, null, null);

  public KmsOverride {
    if (endpointUrl != null && profile != null) {
      throw new IllegalArgumentException(
          "--endpoint-url (a local KMS, its own credentials) and"
              + " --profile (AWS credentials) do not go together: give one of them");
    }
    if (endpointUrl != null) {
      URI u;
      try {
        u = new URI(endpointUrl);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "--endpoint-url '"
                + endpointUrl
                + "' is not a URL ("
                + e.getReason()
                + "): give http://HOST:PORT of a KMS endpoint, e.g. a ./ceremony"
                + " local-kms");
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException(
            "--endpoint-url '"
                + endpointUrl
                + "' is not an"
                + " http:// or https:// URL with a host: give http://HOST:PORT of a KMS endpoint,"
                + " e.g. a ./ceremony local-kms");
      }
    }
    if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
      throw new IllegalArgumentException(
          "--region '" + region + "' is not a Region name such as" + " eu-west-1");
    }
    if (profile != null && profile.isBlank()) {
      throw new IllegalArgumentException(
          "--profile is empty: give a profile name of" + " ~/.aws/config");
    }
  }

  /** Whether any option was given. */
  public boolean any() {
    return endpointUrl != null || region != null || profile != null;
  }

  /** The section this run uses. */
  public KmsSection apply(KmsSection k) {
    if (!any()) {
      return k;
    }
    String r = region != null ? region : k.region();
    if (endpointUrl != null) {
      return new KmsSection(r, null, endpointUrl, false, k.retryBudget());
    }
    if (profile != null) {
      return new KmsSection(r, profile, null, false, k.retryBudget());
    }
    return new KmsSection(r, k.profile(), k.endpoint(), k.embedded(), k.retryBudget());
  }

  /** The transcript's fact: the options, what the script said and what is used; null if none. */
  public Map<String, Object> facts(KmsSection script) {
    if (!any()) {
      return null;
    }
    Map<String, Object> options = new LinkedHashMap<>();
    if (endpointUrl != null) {
      options.put("--endpoint-url", endpointUrl);
    }
    if (region != null) {
      options.put("--region", region);
    }
    if (profile != null) {
      options.put("--profile", profile);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("options", options);
    m.put("script", script.describe());
    m.put("used", apply(script).describe());
    return m;
  }
}
