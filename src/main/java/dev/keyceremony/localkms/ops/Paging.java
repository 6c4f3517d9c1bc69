package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.KmsError;

/** Marker paging for the List operations: the marker is the decimal start index. */
final class Paging {
  private Paging() {}

  static int start(String marker, int size) {
    if (marker == null) {
      return 0;
    }
    try {
      int start = Integer.parseInt(marker);
      if (start < 0 || start > size) {
        throw new NumberFormatException();
      }
      return start;
    } catch (NumberFormatException e) {
      throw new KmsError("InvalidMarkerException", "Invalid marker: " + marker);
    }
  }

  static void finish(ObjectNode out, int end, int size) {
    boolean truncated = end < size;
    out.put("Truncated", truncated);
    if (truncated) {
      out.put("NextMarker", Integer.toString(end));
    }
  }
}
