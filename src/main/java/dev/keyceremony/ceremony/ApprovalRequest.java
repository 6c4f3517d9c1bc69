package dev.keyceremony.ceremony;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The exact text custodians sign with {@code ssh-keygen -Y sign -n kms-key-ceremony}: a header
 * (approval ID, created, expires) and the resolved plan ({@link ResolvedPlan}). A run accepts the
 * signatures only while the request has not expired and only if its resolved plan equals the one
 * the run computes, line by line.
 */
public record ApprovalRequest(
    String approvalId, Instant created, Instant expires, List<String> resolved, byte[] bytes) {
  public static final String NAMESPACE = "kms-key-ceremony";
  static final String TITLE = "kms-key-ceremony approval request v1";

  public ApprovalRequest {
    Objects.requireNonNull(approvalId, "approvalId");
    resolved = List.copyOf(resolved);
    bytes = bytes.clone();
  }

  /** A fresh request: a random 128-bit approval ID, valid for {@code validity}. */
  public static ApprovalRequest create(
      List<String> resolved, Clock clock, SecureRandom random, Duration validity) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String aid = HexFormat.of().formatHex(id);
    Instant exp = now.plus(validity);
    StringBuilder sb =
        new StringBuilder(TITLE)
            .append('\n')
            .append("approval-id: ")
            .append(aid)
            .append('\n')
            .append("created: ")
            .append(now)
            .append('\n')
            .append("expires: ")
            .append(exp)
            .append('\n')
            .append("namespace: ")
            .append(NAMESPACE)
            .append('\n');
    resolved.forEach(l -> sb.append(l).append('\n'));
    return new ApprovalRequest(
        aid, now, exp, resolved, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a request file written by {@code plan --approval-request}. */
  public static ApprovalRequest parse(byte[] bytes, String source) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (lines.length < 6 || !lines[0].equals(TITLE) || !text.endsWith("\n")) {
      throw new CeremonyFailure(
          FailCause.APPROVAL_REQUEST,
          source
              + " is not an approval request written"
              + " by ./ceremony plan --approval-request (first line '"
              + TITLE
              + "')",
          "write one with ./ceremony plan SCRIPT --approval-request FILE and have it signed");
    }
    try {
      String id = field(lines[1], "approval-id", source);
      Instant created = Instant.parse(field(lines[2], "created", source));
      Instant expires = Instant.parse(field(lines[3], "expires", source));
      field(lines[4], "namespace", source);
      List<String> resolved = new ArrayList<>(List.of(lines).subList(5, lines.length - 1));
      return new ApprovalRequest(id, created, expires, resolved, bytes);
    } catch (DateTimeParseException e) {
      throw new CeremonyFailure(
          FailCause.APPROVAL_REQUEST,
          source + ": a time in the header is not an" + " ISO-8601 UTC time",
          "write a new request with ./ceremony plan --approval-request");
    }
  }

  private static String field(String line, String name, String source) {
    if (!line.startsWith(name + ": ")) {
      throw new CeremonyFailure(
          FailCause.APPROVAL_REQUEST,
          source + ": expected '" + name + ": ...'," + " found '" + line + "'",
          "write a new request with ./ceremony plan" + " --approval-request");
    }
    return line.substring(name.length() + 2);
  }

  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expires);
  }

  /**
   * The first line where {@code expected} (as the run resolves it) differs from this request, or
   * null when they are equal.
   */
  String firstDifference(List<String> expected) {
    int n = Math.max(expected.size(), resolved.size());
    for (int i = 0; i < n; i++) {
      String a = i < resolved.size() ? resolved.get(i) : "(nothing)";
      String b = i < expected.size() ? expected.get(i) : "(nothing)";
      if (!a.equals(b)) {
        return "the request says '" + a + "', the run resolves '" + b + "'";
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApprovalRequest
        && java.util.Arrays.equals(bytes, ((ApprovalRequest) o).bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ApprovalRequest(" + approvalId + ", expires " + expires + ")";
  }
}
