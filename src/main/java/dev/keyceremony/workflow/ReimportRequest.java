package dev.keyceremony.workflow;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code reimport BUNDLE_DIR}: the bundle of the ceremony whose material is imported again, the
 * expiration (at most one of {@code validFor}, {@code validTo}, {@code doesNotExpire}; none keeps
 * the original script's), where the new bundle goes (null: next to the original), and the run ID.
 */
public record ReimportRequest(
    Path bundle, String validFor, String validTo, boolean doesNotExpire, Path out, String runId) {
  public ReimportRequest {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(runId, "runId");
    int given = (validFor != null ? 1 : 0) + (validTo != null ? 1 : 0) + (doesNotExpire ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException(
          "at most one of --valid-for, --valid-to and" + " --does-not-expire");
    }
  }
}
