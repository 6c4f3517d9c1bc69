package dev.keyceremony.kms;

import java.util.List;

/** One page of ListKeys: the key IDs and the marker of the next page (null on the last). */
public record KeyPage(List<String> keyIds, String nextMarker) {
  public KeyPage {
    keyIds = List.copyOf(keyIds);
  }
}
