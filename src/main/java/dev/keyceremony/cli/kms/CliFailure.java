package dev.keyceremony.cli.kms;

/**
 * A failure with the AWS CLI v2 exit code it maps to: 252 usage or parameter error, 253
 * configuration, 254 service error, 255 anything else. {@code usage} adds the usage banner.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int USAGE = 252;
  static final int CONFIG = 253;
  static final int SERVICE = 254;
  static final int OTHER = 255;

  private final int exitCode;
  private final boolean withUsage;

  private CliFailure(int exitCode, String message, boolean withUsage) {
    super(message);
    this.exitCode = exitCode;
    this.withUsage = withUsage;
  }

  /** An argparse error: printed after the usage banner as "ceremony: error: msg". */
  static CliFailure usage(String message) {
    return new CliFailure(USAGE, message, true);
  }

  /** A parameter validation error (252) printed as the message alone. */
  static CliFailure param(String message) {
    return new CliFailure(USAGE, message, false);
  }

  static CliFailure config(String message) {
    return new CliFailure(CONFIG, message, false);
  }

  static CliFailure other(String message) {
    return new CliFailure(OTHER, message, false);
  }

  int exitCode() {
    return exitCode;
  }

  boolean withUsage() {
    return withUsage;
  }
}
