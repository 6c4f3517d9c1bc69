package dev.keyceremony.workflow;

import dev.keyceremony.kms.Kms;

/** A KMS client and, for the embedded local KMS, the in-process server behind it. */
public record OpenedKms(Kms kms, AutoCloseable server, String description)
    implements AutoCloseable {
  @Override
  public void close() {
    kms.close();
    if (server != null) {
      try {
        server.close();
      } catch (Exception e) {
        // Shutting down an in-process server: nothing to recover, the process is ending.
      }
    }
  }
}
