package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a participant front-end needs to ask the custodians: the roster, the plan, the summary
 * (purpose, key spec, KMS account, Region and key, algorithm, script SHA-256), the request text a
 * custodian with an ssh-key signs (null when no custodian has one), who has approved already
 * (signatures given with {@code --approvals}), and a checker for a pasted signature.
 */
public record ApprovalPrompt(
    Roles roles,
    List<String> plan,
    List<String> summary,
    ApprovalRequest request,
    Set<String> approvedAlready,
    Clock clock) {
  public ApprovalPrompt {
    Objects.requireNonNull(roles, "roles");
    plan = List.copyOf(plan);
    summary = List.copyOf(summary);
    approvedAlready = Set.copyOf(approvedAlready);
    Objects.requireNonNull(clock, "clock");
  }

  /** Checks a pasted armored signature over {@link #request()}. */
  public SignatureCheck.Result check(String source, String armored) {
    if (request == null) {
      return new SignatureCheck.Result(
          source,
          null,
          "NO_REQUEST",
          "no custodian in the script" + " has an ssh-key, so there is nothing to sign",
          Map.of());
    }
    return SignatureCheck.check(
        source, armored, request.bytes(), roles, "custodian", clock.instant(), request.expires());
  }

  /** How many more approvals are needed. */
  public int stillNeeded() {
    return Math.max(0, roles.approvalsRequired() - approvedAlready.size());
  }
}
