package dev.keyceremony.localkms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.localkms.AccountCredentials;
import dev.keyceremony.localkms.api.KmsError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4VerifierTest {
  static final Instant NOW = Instant.parse("2026-11-28T11:10:00Z");
  static final AccountCredentials CREDS = AccountCredentials.DEFAULT;
  final SigV4Verifier verifier =
      new SigV4Verifier(List.of(CREDS), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void signature_matchesAwsPublishedGetVanillaVector() {
    // aws-sig-v4-test-suite/get-vanilla
    String sig =
        SigV4Verifier.signature(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            new String[] {"AKIDEXAMPLE", "20150830", "us-east-1", "service", "aws4_request"},
            "20150830T123600Z",
            "GET",
            "/",
            "",
            "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n",
            "host;x-amz-date",
            new byte[0]);
    assertThat(sig).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void verify_acceptsRequestSignedBySdkSigner_withSessionTokenAndQuery() {
    Map<String, List<String>> headers =
        sdkSigned("{\"KeyId\":\"x\"}", NOW, "eu-west-1", "token-123", "a=b%20c&z=1");
    SigV4Verifier.Verified v =
        verifier.verify("POST", "/", "a=b%20c&z=1", headers, body("{\"KeyId\":\"x\"}"));
    assertThat(v.region()).isEqualTo("eu-west-1");
    assertThat(v.credentials().accountId()).isEqualTo("111122223333");
  }

  @Test
  void verify_tamperedBody_isInvalidSignature() {
    Map<String, List<String>> headers = sdkSigned("{}", NOW, "us-east-1", null, null);
    assertThatThrownBy(() -> verifier.verify("POST", "/", null, headers, body("{ }")))
        .isInstanceOfSatisfying(
            KmsError.class, e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"))
        .hasMessage(
            "The request signature we calculated does not match the signature you provided."
                + " Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details.");
  }

  @Test
  void verify_dateMoreThanFiveMinutesOld_isSignatureExpired() {
    Map<String, List<String>> headers =
        sdkSigned("{}", NOW.minusSeconds(301), "us-east-1", null, null);
    assertThatThrownBy(() -> verifier.verify("POST", "/", null, headers, body("{}")))
        .hasMessage(
            "Signature expired: 20261128T110459Z is now earlier than 20261128T110500Z"
                + " (20261128T111000Z - 5 min.)");
  }

  @Test
  void verify_dateInTheFuture_isNotYetCurrent() {
    Map<String, List<String>> headers =
        sdkSigned("{}", NOW.plusSeconds(301), "us-east-1", null, null);
    assertThatThrownBy(() -> verifier.verify("POST", "/", null, headers, body("{}")))
        .hasMessageStartingWith("Signature not yet current: 20261128T111501Z is still later than");
  }

  @Test
  void verify_unknownAccessKey_isUnrecognizedClient() {
    Map<String, List<String>> headers = sdkSigned("{}", NOW, "us-east-1", null, null);
    String auth = headers.get("authorization").get(0).replace(CREDS.accessKeyId(), "AKIAUNKNOWN");
    headers.put("authorization", List.of(auth));
    assertThatThrownBy(() -> verifier.verify("POST", "/", null, headers, body("{}")))
        .isInstanceOfSatisfying(
            KmsError.class, e -> assertThat(e.type()).isEqualTo("UnrecognizedClientException"))
        .hasMessage("The security token included in the request is invalid.");
  }

  @Test
  void verify_noAuthorization_isMissingAuthenticationToken() {
    assertThatThrownBy(() -> verifier.verify("POST", "/", null, new HashMap<>(), body("{}")))
        .isInstanceOfSatisfying(
            KmsError.class,
            e -> assertThat(e.type()).isEqualTo("MissingAuthenticationTokenException"))
        .hasMessage("Missing Authentication Token");
  }

  @Test
  void verify_scopeForAnotherService_isRejected() {
    Map<String, List<String>> headers = sdkSigned("{}", NOW, "us-east-1", null, null);
    String auth = headers.get("authorization").get(0).replace("/kms/", "/s3/");
    headers.put("authorization", List.of(auth));
    assertThatThrownBy(() -> verifier.verify("POST", "/", null, headers, body("{}")))
        .hasMessage("Credential should be scoped to correct service: 'kms'. ");
  }

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Signs like the SDK does and returns the headers as the server sees them (lower-case). */
  static Map<String, List<String>> sdkSigned(
      String body, Instant at, String region, String token, String query) {
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .uri(URI.create("http://127.0.0.1:4599/" + (query == null ? "" : "?" + query)))
            .method(SdkHttpMethod.POST)
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", "TrentService.ListKeys")
            .putHeader("amz-sdk-request", "attempt=1; max=3");
    AwsCredentialsIdentity id =
        token == null
            ? AwsCredentialsIdentity.create(CREDS.accessKeyId(), CREDS.secretAccessKey())
            : AwsSessionCredentialsIdentity.create(
                CREDS.accessKeyId(), CREDS.secretAccessKey(), token);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(id)
                        .request(b.build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(
                            AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    Map<String, List<String>> out = new HashMap<>();
    signed.forEachHeader((k, v) -> out.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
    out.putIfAbsent("host", List.of("127.0.0.1:4599"));
    return out;
  }
}
