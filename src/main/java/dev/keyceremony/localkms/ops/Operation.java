package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.JsonRequest;

/** One KMS operation. Runs under the store lock unless it declares {@link #selfLocking()}. */
public interface Operation {
  ObjectNode handle(Caller caller, JsonRequest request);

  /** True if the operation takes the store lock itself (to do slow work outside it). */
  default boolean selfLocking() {
    return false;
  }
}
