package dev.keyceremony.kms;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client a command asks for, in the AWS CLI's terms; the adapter turns it into its own
 * configuration. Null means "not given" (the adapter's and the profile's defaults apply).
 *
 * @param retryMode "STANDARD", "LEGACY" or "ADAPTIVE"
 * @param debug receives request/response diagnostics with secrets redacted, or null
 * @param environment the environment to read AWS_* settings from (tests pass their own)
 */
public record KmsClientRequest(
    String region,
    String profile,
    URI endpoint,
    boolean unsigned,
    boolean verifyTls,
    Duration connectTimeout,
    Duration readTimeout,
    String retryMode,
    int maxAttempts,
    Path caBundle,
    Consumer<String> debug,
    Map<String, String> environment) {
  /** The same request reading another environment. */
  public KmsClientRequest withEnvironment(Map<String, String> env) {
    return new KmsClientRequest(
        region,
        profile,
        endpoint,
        unsigned,
        verifyTls,
        connectTimeout,
        readTimeout,
        retryMode,
        maxAttempts,
        caBundle,
        debug,
        env);
  }
}
