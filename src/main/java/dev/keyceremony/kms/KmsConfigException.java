package dev.keyceremony.kms;

/**
 * The KMS client could not be configured: no region, an unknown profile, no credentials, an
 * unreadable CA bundle. Nothing was sent. The message says what is missing and how to supply it.
 */
public class KmsConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KmsConfigException(String message) {
    super(message);
  }

  public KmsConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
