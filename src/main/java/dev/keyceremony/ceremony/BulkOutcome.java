package dev.keyceremony.ceremony;

import java.util.List;

/**
 * How a batch ended.
 *
 * @param status {@code succeeded} (every key), {@code failed} (some key failed, or the batch
 *     stopped before the keys), {@code interrupted} (Ctrl-C, SIGTERM)
 * @param succeeded keys proven, this run and earlier ones
 * @param failed keys that failed
 * @param notDone keys neither succeeded nor failed (a stopped or interrupted batch)
 * @param failures one line per failed key: number, step, cause, message
 */
public record BulkOutcome(
    String status,
    int total,
    int succeeded,
    int failed,
    int notDone,
    List<String> failures,
    String message) {
  public BulkOutcome {
    failures = List.copyOf(failures);
  }

  public boolean allSucceeded() {
    return "succeeded".equals(status);
  }

  public boolean interrupted() {
    return "interrupted".equals(status);
  }
}
