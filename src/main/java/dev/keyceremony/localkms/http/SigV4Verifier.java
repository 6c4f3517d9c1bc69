package dev.keyceremony.localkms.http;

import dev.keyceremony.localkms.AccountCredentials;
import dev.keyceremony.localkms.api.KmsError;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Verifies AWS Signature Version 4 on each request, as KMS does: the request is rebuilt from the
 * headers the client signed and signed again with the AWS SDK's own {@link AwsV4HttpSigner} at the
 * client's X-Amz-Date, and the signatures are compared in constant time. Errors use AWS's types
 * and messages.
 */
public final class SigV4Verifier {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Duration SKEW = Duration.ofMinutes(5);
  private final Map<String, AccountCredentials> byAccessKey = new HashMap<>();
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public SigV4Verifier(List<AccountCredentials> credentials, Clock clock) {
    credentials.forEach(c -> byAccessKey.put(c.accessKeyId(), c));
    this.clock = clock;
  }

  /** The verified caller: its credentials and the Region of the signing scope. */
  public record Verified(AccountCredentials credentials, String region) {}

  /** Headers are keyed in lower case. */
  public Verified verify(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    String auth = first(headers, "authorization");
    if (auth == null) {
      throw new KmsError("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    if (!auth.startsWith("AWS4-HMAC-SHA256 ")) {
      throw incomplete("Unsupported AWS 'algorithm': " + auth.split(" ", 2)[0]);
    }
    Map<String, String> parts = new HashMap<>();
    for (String p : auth.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        parts.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
      }
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw incomplete(
          "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'"
              + " parameters. Authorization=" + auth.replaceAll("Signature=\\w+", "Signature=..."));
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      throw incomplete(
          "Credential should have the form <access key>/<date>/<region>/<service>/aws4_request;"
              + " got '" + credential + "'.");
    }
    AccountCredentials creds = byAccessKey.get(scope[0]);
    if (creds == null) {
      throw new KmsError(
          "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    if (!scope[3].equals("kms")) {
      throw invalid("Credential should be scoped to correct service: 'kms'. ");
    }
    String amzDate = first(headers, "x-amz-date");
    if (amzDate == null) {
      throw incomplete(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw incomplete("X-Amz-Date '" + amzDate + "' is not in the form yyyyMMdd'T'HHmmss'Z'.");
    }
    checkSkew(amzDate, signedAt);
    if (!amzDate.startsWith(scope[1])) {
      throw invalid(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate
              + "'.");
    }
    String expected = recompute(method, path, rawQuery, headers, body, signedHeaders, creds,
        scope[2], signedAt);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
      throw invalid(
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service documentation"
              + " for details.");
    }
    return new Verified(creds, scope[2]);
  }

  private void checkSkew(String amzDate, Instant signedAt) {
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(SKEW))) {
      throw invalid(
          "Signature expired: " + amzDate + " is now earlier than "
              + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(SKEW))) {
      throw invalid(
          "Signature not yet current: " + amzDate + " is still later than "
              + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
    }
  }

  private String recompute(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String signedHeaders,
      AccountCredentials creds,
      String region,
      Instant signedAt) {
    String host = first(headers, "host");
    if (host == null) {
      throw invalid("The request must carry a signed Host header.");
    }
    SdkHttpRequest.Builder req;
    try {
      req =
          SdkHttpRequest.builder()
              .uri(URI.create("http://" + host))
              .encodedPath(path)
              .method(SdkHttpMethod.fromValue(method));
    } catch (IllegalArgumentException e) {
      throw invalid("The Host header '" + host + "' is not valid.");
    }
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String kv : rawQuery.split("&")) {
        String[] p = kv.split("=", 2);
        req.appendRawQueryParameter(decode(p[0]), p.length > 1 ? decode(p[1]) : "");
      }
    }
    String token = null;
    for (String name : signedHeaders.split(";")) {
      List<String> values = headers.get(name);
      if (values == null) {
        throw invalid("The signed header '" + name + "' is missing from the request.");
      }
      if (name.equals("x-amz-security-token")) {
        token = values.get(0);
      }
      req.putHeader(name, new ArrayList<>(values));
    }
    AwsCredentialsIdentity identity =
        token == null
            ? AwsCredentialsIdentity.create(creds.accessKeyId(), creds.secretAccessKey())
            : AwsSessionCredentialsIdentity.create(
                creds.accessKeyId(), creds.secretAccessKey(), token);
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(identity)
                    .request(req.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(
                        AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
    String authorization = signed.request().firstMatchingHeader("Authorization").orElse("");
    int i = authorization.indexOf("Signature=");
    return i < 0 ? "" : authorization.substring(i + "Signature=".length()).strip();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static KmsError invalid(String message) {
    return new KmsError("InvalidSignatureException", message);
  }

  private static KmsError incomplete(String message) {
    return new KmsError("IncompleteSignatureException", message);
  }
}
