package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.util.List;

/**
 * Collects the custodians' approvals and the witnesses' fingerprint confirmations: interactively
 * on a terminal (cli), or from pre-recorded acknowledgements with {@code --non-interactive}
 * ({@link ScriptedParticipants}). The transcript records which.
 */
public interface Participants {
  /** For the transcript: "interactive" or "non-interactive (acknowledgements from ...)". */
  String mode();

  /** Each custodian approves or declines the plan; returns every answer given. */
  List<Acknowledgement> approvals(Roles roles, List<String> plan);

  /** Each witness compares the fingerprint shown with the one read out; returns every answer. */
  List<Acknowledgement> confirmations(Roles roles, Fingerprint fingerprint);
}
