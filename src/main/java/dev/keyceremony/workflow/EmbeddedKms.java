package dev.keyceremony.workflow;

import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.localkms.LocalKms;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code kms.embedded: true}: an in-process local KMS on an ephemeral loopback port, reached over
 * real HTTP through the real SDK client. Its keys vanish when the process ends: for demos and
 * rehearsals only.
 */
final class EmbeddedKms {
  private EmbeddedKms() {}

  static OpenedKms start(String region) {
    LocalKms server;
    try {
      server = LocalKms.builder().port(0).start();
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded local KMS could not start", e);
    }
    return new OpenedKms(
        SdkKms.forLocalKms(server.endpoint(), region),
        server,
        "embedded local KMS at " + server.endpoint());
  }
}
