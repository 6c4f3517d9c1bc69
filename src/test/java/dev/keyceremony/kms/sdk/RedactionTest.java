package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void blobs_becomeLengthAndSha256_neverTheirBytes() {
    byte[] token = "secret-import-token".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("KeyId", "k");
    n.put("ImportToken", token);
    String out = Redaction.redact(n).toString();
    assertThat(out)
        .contains("\"KeyId\":\"k\"")
        .contains("<19 bytes, sha256=")
        .doesNotContain(Base64.getEncoder().encodeToString(token))
        .doesNotContain("secret-import-token");
  }

  @Test
  void authorizationHeader_losesItsSignature_sessionTokenHidden() {
    String auth =
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/kms/"
            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123";
    assertThat(DebugInterceptor.redactHeader("Authorization", auth))
        .endsWith("Signature=<redacted>")
        .doesNotContain("abcdef0123");
    assertThat(DebugInterceptor.redactHeader("X-Amz-Security-Token", "tok"))
        .isEqualTo("<redacted>");
    assertThat(DebugInterceptor.redactHeader("X-Amz-Target", "TrentService.DescribeKey"))
        .isEqualTo("TrentService.DescribeKey");
  }
}
