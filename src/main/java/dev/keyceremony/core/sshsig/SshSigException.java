package dev.keyceremony.core.sshsig;

/**
 * An SSH public key or SSHSIG signature that cannot be used, with a reason code an auditor can read
 * ({@link Reason}) and a message naming the offending value (never a private value: there are none
 * here).
 */
public final class SshSigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a signature or key was refused; one meaning each. */
  public enum Reason {
    /** The armor (BEGIN/END lines, base64) is missing, truncated or corrupted. */
    ARMOR,
    /** The binary structure is truncated or has bytes where none may be. */
    MALFORMED,
    /** A version, key type, curve, hash or signature algorithm this verifier does not accept. */
    UNSUPPORTED,
    /** The signature was made for another namespace. */
    NAMESPACE,
    /** The signature does not verify over these bytes with this key. */
    BAD_SIGNATURE,
    /** A FIDO security-key signature made without user presence (no touch). */
    NO_USER_PRESENCE,
    /** The signing key is not one the caller accepts (not on the roster). */
    UNKNOWN_KEY
  }

  private final Reason reason;

  public SshSigException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
