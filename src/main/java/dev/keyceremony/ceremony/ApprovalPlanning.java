package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.kms.Kms;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code plan --approval-request}: the same read-only preflight as {@code plan}, then the approval
 * request custodians sign ahead of the ceremony.
 */
public final class ApprovalPlanning {
  private ApprovalPlanning() {}

  /** The plan lines and a fresh approval request valid for {@code validity}. */
  public record Planned(List<String> lines, ApprovalRequest request) {}

  public static Planned plan(
      CeremonyScript script,
      HsmSession hsm,
      Kms kms,
      String mode,
      String scriptSha256,
      Clock clock,
      Duration validity) {
    CeremonyState st = Ceremony.preflightOnly(script, hsm, kms, mode, clock);
    ApprovalRequest req =
        ApprovalRequest.create(
            ResolvedPlan.lines(script, st, kms.target(), scriptSha256, null),
            clock,
            new SecureRandom(),
            validity);
    return new Planned(Plan.lines(script, st.algorithm, mode), req);
  }
}
