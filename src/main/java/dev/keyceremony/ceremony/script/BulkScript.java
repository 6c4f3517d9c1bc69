package dev.keyceremony.ceremony.script;

import java.util.List;
import java.util.Objects;

/**
 * A validated bulk script: the batch section and one ceremony script per key (the shared sections
 * with {@code {n}} filled in). {@code keys().get(0)} is key 1; its sections other than key and
 * material are those of every key.
 */
public record BulkScript(BatchSection batch, List<CeremonyScript> keys) {
  public BulkScript {
    Objects.requireNonNull(batch, "batch");
    keys = List.copyOf(keys);
    if (keys.size() != batch.count()) {
      throw new IllegalArgumentException(keys.size() + " keys for count " + batch.count());
    }
  }

  /** The first key's script: name, roles, HSM, KMS, wrapping, expiration, transcript. */
  public CeremonyScript first() {
    return keys.get(0);
  }

  public BulkScript withTranscriptOut(java.nio.file.Path out) {
    return new BulkScript(batch, keys.stream().map(k -> k.withTranscriptOut(out)).toList());
  }

  public BulkScript withAcknowledgements(Acknowledgements a) {
    return new BulkScript(batch, keys.stream().map(k -> k.withAcknowledgements(a)).toList());
  }
}
