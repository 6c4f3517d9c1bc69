package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.core.sshsig.SshSigException;
import dev.keyceremony.core.sshsig.SshSigVerifier;
import dev.keyceremony.core.sshsig.SshSignature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one armored SSHSIG signature offered as a custodian's approval (or a witness's
 * confirmation): well-formed, for namespace kms-key-ceremony, by a key on the roster in the right
 * role, over exactly the signed bytes, before they expired. The result names the signer or the
 * reason.
 */
public final class SignatureCheck {
  private SignatureCheck() {}

  /** The outcome: {@code name} is set when valid; otherwise {@code reason} and {@code message}. */
  public record Result(
      String source, String name, String reason, String message, Map<String, Object> evidence) {
    public boolean valid() {
      return name != null;
    }

    /** For the transcript: source and reason of an invalid signature. */
    public Map<String, Object> toData() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", source);
      m.put("reason", reason);
      m.put("message", message);
      return m;
    }
  }

  /**
   * @param role "custodian" or "witness": the roster list the key must be in
   * @param expires null when the signed bytes do not expire (fingerprint confirmations)
   */
  public static Result check(
      String source,
      String armored,
      byte[] signedBytes,
      Roles roles,
      String role,
      Instant now,
      Instant expires) {
    SshSignature sig;
    try {
      sig = SshSignature.parseArmored(armored);
    } catch (SshSigException e) {
      return invalid(source, e.reason().name(), e.getMessage());
    }
    Optional<String> who =
        role.equals("custodian")
            ? roles.custodianWithKey(sig.publicKey())
            : roles.witnessWithKey(sig.publicKey());
    if (who.isEmpty()) {
      Optional<String> other =
          role.equals("custodian")
              ? roles.witnessWithKey(sig.publicKey())
              : roles.custodianWithKey(sig.publicKey());
      return invalid(
          source,
          SshSigException.Reason.UNKNOWN_KEY.name(),
          "signed by "
              + sig.publicKey()
              + ", which is not the ssh-key of any "
              + role
              + " in the script"
              + other.map(o -> " (it is " + o + "'s, who is not a " + role + ")").orElse(""));
    }
    try {
      SshSigVerifier.Verified v =
          SshSigVerifier.verify(sig, signedBytes, ApprovalRequest.NAMESPACE);
      if (expires != null && !now.isBefore(expires)) {
        return invalid(
            source,
            "EXPIRED",
            "by "
                + who.get()
                + ", but the request expired at "
                + expires
                + "; write a new one with ./ceremony plan --approval-request and sign it");
      }
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("signature", sig.armored());
      ev.put("source", source);
      ev.put("sshKey", v.key().line());
      ev.put("keyFingerprint", v.key().fingerprint());
      ev.put("namespace", sig.namespace());
      ev.put("hashAlgorithm", v.hashAlgorithm());
      ev.put("signatureAlgorithm", v.signatureAlgorithm());
      if (v.skFlags() != null) {
        ev.put("skFlags", v.skFlags());
        ev.put("skCounter", v.skCounter());
      }
      return new Result(source, who.get(), null, null, ev);
    } catch (SshSigException e) {
      return invalid(source, e.reason().name(), "by " + who.get() + ": " + e.getMessage());
    }
  }

  private static Result invalid(String source, String reason, String message) {
    return new Result(source, null, reason, message, Map.of());
  }
}
