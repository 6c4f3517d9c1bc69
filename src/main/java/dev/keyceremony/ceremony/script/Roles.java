package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.sshsig.SshPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who takes part: one operator, named custodians (of whom N must approve) and witnesses. A
 * custodian or witness with an OpenSSH public key ({@code keys}) approves or confirms only with a
 * signature by that key; one without is "unauthenticated" (a typed or pre-recorded name, for
 * rehearsals). {@code askEveryone}: keep asking custodians after the quorum has approved.
 */
public record Roles(
    String operator,
    List<String> custodians,
    List<String> witnesses,
    int approvalsRequired,
    Map<String, SshPublicKey> keys,
    boolean askEveryone) {
  public Roles {
    Objects.requireNonNull(operator, "operator");
    custodians = List.copyOf(custodians);
    witnesses = List.copyOf(witnesses);
    keys = Map.copyOf(keys);
    if (approvalsRequired < 1 || approvalsRequired > custodians.size()) {
      throw new IllegalArgumentException(
          "approvals-required " + approvalsRequired + " must be 1.." + custodians.size());
    }
  }

  /** Plain names only (rehearsals): everyone unauthenticated. */
  public Roles(
      String operator, List<String> custodians, List<String> witnesses, int approvalsRequired) {
    this(operator, custodians, witnesses, approvalsRequired, Map.of(), false);
  }

  /** The participant's SSH key, if the script gives one. */
  public Optional<SshPublicKey> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /**
   * For the transcript and prompts: "carol (ssh-ed25519 SHA256:...)" or "chris (unauthenticated)".
   */
  public String describe(String name) {
    return name + " (" + key(name).map(SshPublicKey::toString).orElse("unauthenticated") + ")";
  }

  /** The custodian whose key this is, if any. */
  public Optional<String> custodianWithKey(SshPublicKey k) {
    return custodians.stream().filter(c -> key(c).map(k::sameKey).orElse(false)).findFirst();
  }

  /** The witness whose key this is, if any. */
  public Optional<String> witnessWithKey(SshPublicKey k) {
    return witnesses.stream().filter(c -> key(c).map(k::sameKey).orElse(false)).findFirst();
  }
}
