package dev.keyceremony.kms;

/**
 * A KMS error: the AWS error code (e.g. IncorrectKeyMaterialException), its message, the operation,
 * and the request ID when there was one. {@code errorCode} is "ClientError" for a failure before
 * any answer (connection refused, timeout).
 */
public class KmsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String errorCode;
  private final String requestId;
  private final int httpStatus;
  private final String detail;

  public KmsException(
      String operation, String errorCode, String message, String requestId, int httpStatus) {
    super(
        errorCode
            + " from "
            + operation
            + ": "
            + message
            + (requestId == null ? "" : " (request ID " + requestId + ")"));
    this.operation = operation;
    this.errorCode = errorCode;
    this.requestId = requestId;
    this.httpStatus = httpStatus;
    this.detail = message;
  }

  /** The error message exactly as KMS (or the client) gave it, without code or request ID. */
  public String detail() {
    return detail;
  }

  public String operation() {
    return operation;
  }

  public String errorCode() {
    return errorCode;
  }

  public String requestId() {
    return requestId;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
