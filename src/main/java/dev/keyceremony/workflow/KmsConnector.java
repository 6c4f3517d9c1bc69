package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.KmsSection;
import dev.keyceremony.kms.RetryingKms;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.kms.sdk.SdkKmsConfig;
import java.net.URI;
import java.util.function.BooleanSupplier;

/**
 * Opens the KMS a script names: AWS (region, profile), a local KMS endpoint, or embedded. The SDK
 * makes one attempt per call; {@link RetryingKms} retries transient failures within the script's
 * {@code kms.retry-budget}, so that every attempt is recorded in the transcript.
 */
public final class KmsConnector {
  private KmsConnector() {}

  /** A client without retries (plan, abandon's reads), or with them ({@link #forCeremony}). */
  public static OpenedKms open(KmsSection k) {
    SdkKmsConfig.Retries once = new SdkKmsConfig.Retries(SdkKmsConfig.Retries.Mode.NONE, 1);
    if (k.embedded()) {
      return EmbeddedKms.start(k.regionOrDefault());
    }
    if (k.endpoint() != null) {
      return new OpenedKms(
          SdkKms.create(
              SdkKmsConfig.builder()
                  .endpoint(URI.create(k.endpoint()))
                  .region(k.regionOrDefault())
                  .staticCredentials(SdkKms.LOCAL_ACCESS_KEY_ID, SdkKms.localSecret())
                  .retries(once)
                  .build()),
          null,
          k.describe());
    }
    return new OpenedKms(
        SdkKms.create(
            SdkKmsConfig.builder().region(k.region()).profile(k.profile()).retries(once).build()),
        null,
        k.describe());
  }

  /**
   * The port of the AWS-CLI-compatible commands ({@code ceremony kms}), over the SDK adapter: the
   * only way cli reaches it (ArchitectureTest).
   */
  public static dev.keyceremony.kms.AwsCliKms awsCli() {
    return new dev.keyceremony.kms.sdk.SdkAwsCliKms();
  }

  /** {@link #open} with retries within the script's budget; {@code stop} ends retrying. */
  public static OpenedKms forCeremony(KmsSection k, BooleanSupplier stop) {
    OpenedKms o = open(k);
    return new OpenedKms(
        RetryingKms.of(o.kms(), RetryingKms.Policy.withBudget(k.retryBudget()), stop),
        o.server(),
        o.description());
  }
}
