package dev.keyceremony.localkms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRequestTest {
  private static JsonRequest parse(String json) throws Exception {
    return new JsonRequest((ObjectNode) Json.MAPPER.readTree(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1568894400", "1568894400.000", "1.5688944E9", "15688944e2"})
  void timestamp_acceptsIntegerDecimalAndExponentForms(String form) throws Exception {
    assertThat(parse("{\"ValidTo\":" + form + "}").timestamp("ValidTo", true))
        .isEqualTo(Instant.ofEpochSecond(1568894400));
  }

  @Test
  void timestamp_keepsMilliseconds() throws Exception {
    assertThat(parse("{\"ValidTo\":1.480632737044E9}").timestamp("ValidTo", true))
        .isEqualTo(Instant.ofEpochMilli(1480632737044L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "-1e999999999", "123456789012345678901234567890"})
  void timestamp_hugeValues_areValidationErrorsNotHangs(String form) throws Exception {
    JsonRequest r = parse("{\"ValidTo\":" + form + "}");
    assertThat(r.timestamp("ValidTo", true)).isNull();
    assertThatThrownBy(r::done).hasMessageContaining("at 'validTo' failed to satisfy constraint");
  }

  @Test
  void severalErrors_areReportedTogetherInAwsForm() throws Exception {
    JsonRequest r = parse("{\"WrappingKeySpec\":\"RSA_1024\"}");
    r.string("KeyId", true, 1, 2048);
    r.enumValue("WrappingKeySpec", true, List.of("RSA_2048", "RSA_3072"));
    assertThatThrownBy(r::done)
        .hasMessage(
            "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint:"
                + " Member must not be null; Value 'RSA_1024' at 'wrappingKeySpec' failed to"
                + " satisfy constraint: Member must satisfy enum value set: [RSA_2048,"
                + " RSA_3072]");
  }

  @Test
  void wrongType_isValidationError() throws Exception {
    JsonRequest r = parse("{\"KeyId\":42}");
    r.string("KeyId", true, 1, 2048);
    assertThatThrownBy(r::done)
        .isInstanceOfSatisfying(
            KmsError.class, e -> assertThat(e.type()).isEqualTo("ValidationException"))
        .hasMessageContaining("at 'keyId' failed to satisfy constraint: Member must be a string");
  }
}
