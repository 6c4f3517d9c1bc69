package dev.keyceremony.ceremony;

/**
 * A ceremony stopped on purpose (fail closed): what is wrong, the value, and what to do. Carries
 * the KMS request ID when a KMS answer caused it. Never carries a secret.
 */
public class CeremonyFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String cause;
  private final String fix;
  private final String requestId;

  public CeremonyFailure(String cause, String message, String fix) {
    this(cause, message, fix, null, null);
  }

  public CeremonyFailure(String cause, String message, String fix, String requestId,
      Throwable underlying) {
    super(message + (fix == null ? "" : "; " + fix), underlying);
    this.cause = cause;
    this.fix = fix;
    this.requestId = requestId;
  }

  /** A short machine-readable cause, e.g. NOT_EXTERNAL, IncorrectKeyMaterialException. */
  public String causeCode() {
    return cause;
  }

  public String fix() {
    return fix;
  }

  public String requestId() {
    return requestId;
  }
}
