package dev.keyceremony.workflow;

import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsTarget;
import dev.keyceremony.kms.RetryingKms;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.kms.sdk.SdkKmsConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KMS clients of {@code status}: one per Region, on AWS (the SDK's default credentials and
 * Region chains, or a profile) or on one endpoint (a local KMS serves every Region there). With an
 * endpoint and neither a profile nor AWS_ACCESS_KEY_ID, the local KMS's example credentials are
 * used, as for a script's {@code kms.endpoint}. Reads are retried within 15 seconds.
 */
public final class StatusConnector implements AutoCloseable {
  private final Map<String, Kms> clients;

  private StatusConnector(Map<String, Kms> clients) {
    this.clients = clients;
  }

  /**
   * @param regions the Regions to list (empty: the default Region, or us-east-1 with an endpoint)
   * @param endpoint a KMS endpoint URL, or null
   * @param profile an AWS profile, or null
   */
  public static StatusConnector open(List<String> regions, String endpoint, String profile) {
    List<String> rs =
        regions.isEmpty()
            ? java.util.Collections.singletonList(endpoint != null ? "us-east-1" : null)
            : regions;
    Map<String, Kms> m = new LinkedHashMap<>();
    SdkKmsConfig.Retries once = new SdkKmsConfig.Retries(SdkKmsConfig.Retries.Mode.NONE, 1);
    boolean localCredentials =
        endpoint != null && profile == null && System.getenv("AWS_ACCESS_KEY_ID") == null;
    try {
      for (String r : rs) {
        SdkKmsConfig.Builder b = SdkKmsConfig.builder().region(r).profile(profile).retries(once);
        if (endpoint != null) {
          b.endpoint(URI.create(endpoint));
        }
        if (localCredentials) {
          b.staticCredentials(SdkKms.LOCAL_ACCESS_KEY_ID, SdkKms.localSecret());
        }
        Kms k =
            RetryingKms.of(
                SdkKms.create(b.build()),
                RetryingKms.Policy.withBudget(java.time.Duration.ofSeconds(15)),
                () -> false);
        m.put(r != null ? r : k.target().region(), k);
      }
    } catch (RuntimeException e) {
      m.values().forEach(Kms::close);
      throw e;
    }
    return new StatusConnector(m);
  }

  public Map<String, Kms> clients() {
    return clients;
  }

  /** Where the clients talk to, for messages. */
  public List<KmsTarget> targets() {
    return clients.values().stream().map(Kms::target).toList();
  }

  @Override
  public void close() {
    clients.values().forEach(Kms::close);
  }
}
