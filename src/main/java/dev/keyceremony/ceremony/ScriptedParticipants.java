package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Acknowledgements;
import dev.keyceremony.ceremony.script.Roles;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --non-interactive}: acknowledgements given in advance in the script or a file. The
 * transcript says so: these record consent given before the ceremony, not a live confirmation of
 * this run's fingerprint.
 */
public final class ScriptedParticipants implements Participants {
  private final Acknowledgements acks;
  private final Clock clock;
  private final PresignedApprovals presigned;

  public ScriptedParticipants(Acknowledgements acks, Clock clock) {
    this(acks, clock, null);
  }

  /** With signatures given ahead of time ({@code run --approvals DIR}); may be null. */
  public ScriptedParticipants(Acknowledgements acks, Clock clock, PresignedApprovals presigned) {
    this.acks = acks;
    this.clock = clock;
    this.presigned = presigned;
  }

  @Override
  public java.util.Optional<PresignedApprovals> presigned() {
    return java.util.Optional.ofNullable(presigned);
  }

  @Override
  public String mode() {
    return "non-interactive (acknowledgements from "
        + acks.source()
        + ")"
        + (presigned == null ? "" : "; signed approvals from " + presigned.source());
  }

  @Override
  public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
    List<Acknowledgement> out = new ArrayList<>();
    for (String name : acks.approvals()) {
      if (roles.custodians().contains(name)) {
        out.add(
            new Acknowledgement(
                "custodian",
                name,
                "approved",
                clock.instant(),
                "pre-recorded in " + acks.source() + " (unauthenticated)"));
      }
    }
    return out;
  }

  @Override
  public List<Acknowledgement> confirmations(Roles roles, Fingerprint fingerprint) {
    List<Acknowledgement> out = new ArrayList<>();
    for (String name : acks.confirmations()) {
      if (roles.witnesses().contains(name)) {
        out.add(
            new Acknowledgement(
                "witness",
                name,
                "confirmed",
                clock.instant(),
                "pre-recorded in "
                    + acks.source()
                    + "; fingerprint not compared live"
                    + " (unauthenticated)"));
      }
    }
    return out;
  }
}
