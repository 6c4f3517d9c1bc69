package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.KmsSection;
import dev.keyceremony.kms.sdk.SdkKms;
import java.net.URI;

/** Opens the KMS a script names: AWS (region, profile), a local KMS endpoint, or embedded. */
final class KmsConnector {
  private KmsConnector() {}

  static OpenedKms open(KmsSection k) {
    if (k.embedded()) {
      return EmbeddedKms.start(k.regionOrDefault());
    }
    if (k.endpoint() != null) {
      return new OpenedKms(SdkKms.forLocalKms(URI.create(k.endpoint()), k.regionOrDefault()), null,
          k.describe());
    }
    return new OpenedKms(SdkKms.fromProfile(k.region(), k.profile()), null, k.describe());
  }
}
