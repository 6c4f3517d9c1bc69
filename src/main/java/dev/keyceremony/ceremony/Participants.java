package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects the custodians' approvals and the witnesses' fingerprint confirmations: interactively on
 * a terminal (cli), or from pre-recorded acknowledgements with {@code --non-interactive} ({@link
 * ScriptedParticipants}); either may also carry signatures given with {@code --approvals DIR}
 * ({@link #presigned()}). The transcript records which.
 */
public interface Participants {
  /** For the transcript: "interactive" or "non-interactive (acknowledgements from ...)". */
  String mode();

  /** Each custodian approves or declines the plan; returns every answer given. */
  List<Acknowledgement> approvals(Roles roles, List<String> plan);

  /**
   * Asks the custodians not yet approved (see {@link ApprovalPrompt#approvedAlready()}); returns
   * every answer, including absent and not asked. Front-ends that know signatures override it.
   */
  default List<Acknowledgement> approvals(ApprovalPrompt prompt) {
    return approvals(prompt.roles(), prompt.plan());
  }

  /** Each witness compares the fingerprint shown with the one read out; returns every answer. */
  List<Acknowledgement> confirmations(Roles roles, Fingerprint fingerprint);

  /**
   * Asks each witness; a witness with an ssh-key confirms by signing {@link
   * ConfirmationPrompt#text()}. Front-ends that know signatures override it.
   */
  default List<Acknowledgement> confirmations(ConfirmationPrompt prompt) {
    return confirmations(prompt.roles(), prompt.fingerprint());
  }

  /** Signatures given ahead of time ({@code run --approvals DIR}). */
  default Optional<PresignedApprovals> presigned() {
    return Optional.empty();
  }

  /** Roll call: each participant "present" or "absent"; empty when not taken. */
  default Map<String, String> rollCall(Roles roles) {
    return Map.of();
  }
}
