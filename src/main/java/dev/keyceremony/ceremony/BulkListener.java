package dev.keyceremony.ceremony;

/**
 * Told how a batch advances, for a progress display. Called on the batch's coordinating thread;
 * must not block.
 */
public interface BulkListener {
  /** A phase begins: "keys and parameters", "confirmation", "imports and proofs". */
  void phase(String name, int total);

  /**
   * A step of one key completed: {@code done} keys are finished (succeeded or failed) of {@code
   * total}; {@code stage} says what just happened, e.g. "parameters 12/100".
   */
  void progress(int done, int failed, int total, String stage);

  /**
   * The witnesses are about to be asked: one line per key ({@code n keyId wrappingKeySha256}) and
   * the digest they confirm (SHA-256 over those lines, each ending in a newline).
   */
  default void confirming(java.util.List<String> lines, Fingerprint digest) {}

  BulkListener NONE =
      new BulkListener() {
        @Override
        public void phase(String name, int total) {}

        @Override
        public void progress(int done, int failed, int total, String stage) {}
      };
}
