package dev.keyceremony.ceremony;

import dev.keyceremony.kms.KmsException;
import java.util.Objects;

/**
 * A ceremony stopped on purpose (fail closed): the {@link FailCause}, what is wrong, the value, and
 * what to do. Carries the KMS request ID when a KMS answer caused it. Never carries a secret.
 */
public class CeremonyFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailCause cause;
  private final String kmsErrorCode;
  private final String fix;
  private final String requestId;

  public CeremonyFailure(FailCause cause, String message, String fix) {
    this(cause, message, fix, null, null);
  }

  public CeremonyFailure(
      FailCause cause, String message, String fix, String requestId, Throwable underlying) {
    this(cause, null, message, fix, requestId, underlying);
  }

  private CeremonyFailure(
      FailCause cause,
      String kmsErrorCode,
      String message,
      String fix,
      String requestId,
      Throwable underlying) {
    super(message + (fix == null ? "" : "; " + fix), underlying);
    this.cause = Objects.requireNonNull(cause, "cause");
    this.kmsErrorCode = kmsErrorCode;
    this.fix = fix;
    this.requestId = requestId;
  }

  /**
   * {@link FailCause#KMS_REFUSED}: KMS's answer stops the ceremony; its error code (e.g. {@code
   * IncorrectKeyMaterialException}) stays the recorded cause and its request ID is kept.
   */
  public static CeremonyFailure kmsRefused(KmsException ex, String message, String fix) {
    return new CeremonyFailure(
        FailCause.KMS_REFUSED, ex.errorCode(), message, fix, ex.requestId(), ex);
  }

  /** The fail-closed check that stopped the ceremony. */
  public FailCause failCause() {
    return cause;
  }

  /**
   * The cause as the transcript records it: the {@link FailCause}'s name, or for {@link
   * FailCause#KMS_REFUSED} KMS's error code, e.g. IncorrectKeyMaterialException.
   */
  public String causeCode() {
    return kmsErrorCode != null ? kmsErrorCode : cause.name();
  }

  public String fix() {
    return fix;
  }

  public String requestId() {
    return requestId;
  }
}
