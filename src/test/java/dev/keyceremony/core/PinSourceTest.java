package dev.keyceremony.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinSourceTest {
  @Test
  void envWithAnInvalidName_isRefusedWithoutEchoingIt() {
    // "env:123456" is most likely the PIN typed after "env:".
    assertThatThrownBy(() -> PinSource.parse("env:123456"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment variable name")
        .hasMessageNotContaining("123456");
  }

  @Test
  void aLiteralValue_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> PinSource.parse("s3cret-pin"))
        .hasMessageContaining("prompt")
        .hasMessageNotContaining("s3cret-pin");
  }

  @Test
  void validSources_parseAndPrintTheirReferenceOnly() {
    assertThat(PinSource.parse("env:HSM_PIN").toString()).isEqualTo("env:HSM_PIN");
    assertThat(PinSource.parse("file:/x/pin").reference()).isEqualTo("/x/pin");
    assertThat(PinSource.parse("prompt").kind()).isEqualTo(PinSource.Kind.PROMPT);
  }
}
