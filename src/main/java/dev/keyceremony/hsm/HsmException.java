package dev.keyceremony.hsm;

/**
 * An HSM failure a custodian can act on: the reason, and a message that names the cause, the value
 * and the fix. Never carries a PIN or key material.
 */
public class HsmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Classified causes. */
  public enum Reason {
    MODULE_NOT_LOADABLE,
    TOKEN_NOT_FOUND,
    PIN_INCORRECT,
    PIN_LOCKED,
    LABEL_EXISTS,
    KEY_NOT_FOUND,
    /** An object with the label exists but is not the expected type or size. */
    KEY_MISMATCH,
    WRAPPING_KEY_REJECTED,
    MECHANISM_UNAVAILABLE,
    SELF_TEST_FAILED,
    INCOMPATIBLE,
    DEVICE_ERROR
  }

  private final Reason reason;

  public HsmException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public HsmException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
