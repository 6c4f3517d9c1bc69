package dev.keyceremony.localkms.api;

/**
 * An error answered to the client as {@code {"__type": type, "message": message}}. Messages never
 * carry secret bytes; they follow AWS's wording where it is known.
 */
public final class KmsError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final int status;

  public KmsError(String type, String message) {
    this(type, 400, message);
  }

  public KmsError(String type, int status, String message) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  public String type() {
    return type;
  }

  public int status() {
    return status;
  }

  public static KmsError notFound(String message) {
    return new KmsError("NotFoundException", message);
  }

  public static KmsError invalidState(String message) {
    return new KmsError("KMSInvalidStateException", message);
  }

  public static KmsError unsupported(String message) {
    return new KmsError("UnsupportedOperationException", message);
  }

  public static KmsError validation(String message) {
    return new KmsError("ValidationException", message);
  }

  public static KmsError internal(String message) {
    return new KmsError("KMSInternalException", 500, message);
  }
}
