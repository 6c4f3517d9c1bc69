package dev.keyceremony.ceremony;

import java.util.List;
import java.util.Objects;

/**
 * {@code run --approvals DIR}: the approval request written by {@code plan --approval-request} and
 * the custodians' {@code .sig} files, as read by the cli. {@code runId} lets the run compare its
 * resolved plan with the request, which was written before the run ID existed.
 */
public record PresignedApprovals(
    String source, ApprovalRequest request, List<SignatureFile> signatures, String runId) {
  public PresignedApprovals {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(request, "request");
    signatures = List.copyOf(signatures);
  }

  /** One signature file: its name (for messages and the transcript) and its text. */
  public record SignatureFile(String name, String text) {}
}
