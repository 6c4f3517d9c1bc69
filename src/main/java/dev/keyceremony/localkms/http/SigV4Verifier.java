package dev.keyceremony.localkms.http;

import dev.keyceremony.localkms.AccountCredentials;
import dev.keyceremony.localkms.api.KmsError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on each request, as KMS does: the canonical request is rebuilt
 * from exactly the headers the client lists in SignedHeaders, signed with the caller's secret at
 * the client's X-Amz-Date, and compared in constant time. Errors use AWS's types and messages.
 *
 * <p>Why hand-written: the SDK's {@code AwsV4HttpSigner} is a client signer; it always adds and
 * signs an {@code x-amz-content-sha256} header, so it cannot reproduce the signature of a client
 * that did not send one (botocore, the AWS CLI). SigV4VerifierTest checks this code against AWS's
 * published test vector and against requests signed by the SDK signer.
 */
public final class SigV4Verifier {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Duration SKEW = Duration.ofMinutes(5);
  private final Map<String, AccountCredentials> byAccessKey = new HashMap<>();
  private final Clock clock;

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
              + " parameters. Authorization="
              + auth.replaceAll("Signature=\\w+", "Signature=..."));
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      throw incomplete(
          "Credential should have the form <access key>/<date>/<region>/<service>/aws4_request;"
              + " got '"
              + credential
              + "'.");
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
              + " HTTP: '"
              + scope[1]
              + "' != '"
              + amzDate.substring(0, 8)
              + "', from '"
              + amzDate
              + "'.");
    }
    String expected =
        recompute(method, path, rawQuery, headers, body, signedHeaders, creds, scope, amzDate);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
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
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(SKEW))) {
      throw invalid(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " + 5 min.)");
    }
  }

  private static String recompute(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String signedHeaders,
      AccountCredentials creds,
      String[] scope,
      String amzDate) {
    List<String> names = List.of(signedHeaders.split(";"));
    if (!names.contains("host")) {
      throw invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : names) {
      List<String> values = headers.get(name);
      if (values == null) {
        throw invalid("The signed header '" + name + "' is missing from the request.");
      }
      canonicalHeaders.append(name).append(':');
      for (int i = 0; i < values.size(); i++) {
        canonicalHeaders
            .append(i == 0 ? "" : ",")
            .append(values.get(i).strip().replaceAll(" +", " "));
      }
      canonicalHeaders.append('\n');
    }
    return signature(
        creds.secretAccessKey(),
        scope,
        amzDate,
        method,
        canonicalUri(path),
        canonicalQuery(rawQuery),
        canonicalHeaders.toString(),
        signedHeaders,
        body);
  }

  /**
   * The SigV4 signature (AWS General Reference, "Create a signed AWS API request"). Package-private
   * for the test that checks it against AWS's published test vector and the SDK's signer.
   */
  static String signature(
      String secret,
      String[] scope,
      String amzDate,
      String method,
      String canonicalUri,
      String canonicalQuery,
      String canonicalHeaders,
      String signedHeaders,
      byte[] body) {
    String canonicalRequest =
        method
            + "\n"
            + canonicalUri
            + "\n"
            + canonicalQuery
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + hex(sha256(body));
    String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + credentialScope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
    k = hmac(k, scope[2]);
    k = hmac(k, scope[3]);
    k = hmac(k, "aws4_request");
    return hex(hmac(k, stringToSign));
  }

  /** Each path segment URI-encoded once more (non-S3 services double-encode). */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (char ch : rawPath.toCharArray()) {
      out.append(ch == '/' ? "/" : encode(String.valueOf(ch)));
    }
    return out.toString();
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String kv : rawQuery.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      String[] p = kv.split("=", 2);
      pairs.add(new String[] {encode(decode(p[0])), encode(p.length > 1 ? decode(p[1]) : "")});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      out.append(out.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** RFC 3986 percent-encoding of everything but unreserved characters. */
  private static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
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
