package dev.keyceremony.ceremony;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What earlier runs of a batch already did, per key, as the transcript and the reconciliation found
 * it. A key absent from {@code keys} had nothing done.
 *
 * @param approved the custodians approved the batch
 * @param keys per key number (1-based)
 */
public record BulkResumption(boolean approved, Map<Integer, Key> keys) {
  public static final BulkResumption NONE = new BulkResumption(false, Map.of());

  public BulkResumption {
    keys = Map.copyOf(keys);
  }

  /**
   * One key's state.
   *
   * @param finished {@code succeeded}, {@code failed} (a failure another attempt cannot get past),
   *     or null: still to do (a retryable failure counts as still to do)
   */
  public record Key(
      String keyId,
      boolean aliasCreated,
      String materialLabel,
      String materialIdHex,
      boolean imported,
      String keyMaterialId,
      Instant importedValidTo,
      String finished) {}

  public Key key(int n) {
    return keys.getOrDefault(n, new Key(null, false, null, null, false, null, null, null));
  }

  public boolean resuming() {
    return this != NONE;
  }

  static Resumption single(boolean approved, Key k) {
    Objects.requireNonNull(k, "k");
    return new Resumption(
        approved,
        k.keyId(),
        k.aliasCreated(),
        k.materialLabel(),
        k.materialIdHex(),
        k.imported(),
        k.keyMaterialId(),
        null,
        k.importedValidTo());
  }
}
