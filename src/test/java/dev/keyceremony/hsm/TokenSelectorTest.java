package dev.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenSelectorTest {
  @Test
  void plainText_isALabel() {
    TokenSelector s = TokenSelector.parse("ceremony-dev");
    assertThat(s.required()).isEqualTo(Map.of("token", "ceremony-dev"));
    assertThat(s.matches("ceremony-dev", "1", "SoftHSM project", "SoftHSM v2")).isTrue();
    assertThat(s.matches("ceremony-it", "1", "SoftHSM project", "SoftHSM v2")).isFalse();
  }

  @Test
  void serialPrefix_selectsBySerial() {
    TokenSelector s = TokenSelector.parse("serial:8f0cd8963054d5a4");
    assertThat(s.matches("any", "8f0cd8963054d5a4", "m", "x")).isTrue();
    assertThat(s.matches("any", "8f0cd8963054d5a5", "m", "x")).isFalse();
  }

  @Test
  void tokenInfoPadding_isTrimmed() {
    assertThat(TokenSelector.parse("abc").matches("abc                             ", "", "", ""))
        .isTrue();
  }

  @Test
  void pkcs11Uri_withAllTokenAttributes_andPercentDecoding() {
    TokenSelector s =
        TokenSelector.parse(
            "pkcs11:token=my%20token;serial=1234;manufacturer=SoftHSM%20project;model=SoftHSM%20v2");
    assertThat(s.required())
        .containsEntry("token", "my token")
        .containsEntry("serial", "1234")
        .containsEntry("manufacturer", "SoftHSM project")
        .containsEntry("model", "SoftHSM v2");
    assertThat(s.matches("my token", "1234", "SoftHSM project", "SoftHSM v2")).isTrue();
    assertThat(s.matches("my token", "1234", "SoftHSM project", "other")).isFalse();
  }

  @Test
  void pkcs11Uri_decodesUtf8() {
    assertThat(TokenSelector.parse("pkcs11:token=Schl%C3%BCssel").required().get("token"))
        .isEqualTo("Schlüssel");
  }

  @Test
  void pkcs11Uri_schemeIsCaseInsensitive() {
    assertThat(TokenSelector.parse("PKCS11:token=a").required()).containsEntry("token", "a");
  }

  @Test
  void pkcs11Uri_brokenEscape_isRefused() {
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a%2"))
        .hasMessageContaining("broken percent escape");
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a%zz"))
        .hasMessageContaining("broken percent escape");
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=%ff"))
        .hasMessageContaining("does not decode to UTF-8");
  }

  @Test
  void pkcs11Uri_unsupportedAttribute_namesAllowedOnes() {
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a;object=key1"))
        .hasMessageContaining("'object'")
        .hasMessageContaining("allowed: token, serial, manufacturer, model");
  }

  @Test
  void pkcs11Uri_pinValue_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a?pin-value=123456"))
        .hasMessageContaining("pin-value")
        .hasMessageNotContaining("123456");
  }

  @Test
  void pkcs11Uri_pinValueInThePathOrAnyCase_isRefusedWithoutEchoingTheUri() {
    // The duplicate-attribute message quotes the URI; the PIN must not reach it.
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a;token=b;pin-value=987654"))
        .hasMessageContaining("pin-value")
        .hasMessageNotContaining("987654");
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a?PIN-VALUE=987654"))
        .hasMessageNotContaining("987654");
  }

  @Test
  void pkcs11Uri_emptyOrMalformed_isRefused() {
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:")).hasMessageContaining("names no token");
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token"))
        .hasMessageContaining("NAME=VALUE");
    assertThatThrownBy(() -> TokenSelector.parse("pkcs11:token=a;token=b"))
        .hasMessageContaining("appears twice");
  }

  @Test
  void blankOrEmptySerial_isRefused() {
    assertThatThrownBy(() -> TokenSelector.parse(" ")).hasMessageContaining("no token chosen");
    assertThatThrownBy(() -> TokenSelector.parse("serial:")).hasMessageContaining("no serial");
  }
}
