package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * What a front-end needs to ask the witnesses: the fingerprint, and for witnesses with an ssh-key
 * the exact text they sign (ceremony ID and fingerprint) and a checker for a pasted signature.
 */
public record ConfirmationPrompt(
    Roles roles, Fingerprint fingerprint, String ceremonyId, Clock clock) {
  static final String TITLE = "kms-key-ceremony fingerprint confirmation v1";

  public ConfirmationPrompt {
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(ceremonyId, "ceremonyId");
    Objects.requireNonNull(clock, "clock");
  }

  /** The bytes a witness signs: {@code ssh-keygen -Y sign -n kms-key-ceremony -f KEY FILE}. */
  public String text() {
    return TITLE
        + "\nceremony: "
        + ceremonyId
        + "\nwrapping-key-sha256: "
        + fingerprint.hex()
        + "\nwords: "
        + fingerprint.wordsText()
        + "\n";
  }

  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  /** Checks a pasted armored signature over {@link #text()} by a witness on the roster. */
  public SignatureCheck.Result check(String source, String armored) {
    return SignatureCheck.check(source, armored, bytes(), roles, "witness", clock.instant(), null);
  }
}
