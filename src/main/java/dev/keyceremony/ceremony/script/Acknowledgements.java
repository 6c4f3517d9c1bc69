package dev.keyceremony.ceremony.script;

import java.util.List;

/**
 * For {@code --non-interactive}: which custodians approve and which witnesses confirm the wrapping
 * key fingerprint, and where that list came from (the script or a file).
 */
public record Acknowledgements(List<String> approvals, List<String> confirmations, String source) {
  public Acknowledgements {
    approvals = List.copyOf(approvals);
    confirmations = List.copyOf(confirmations);
  }
}
