package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.hsm.HsmLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HsmOptionsTest {
  private static HsmOptions parse(String... args) {
    HsmOptions o = new HsmOptions();
    new CommandLine(o).parseArgs(args);
    return o;
  }

  @Test
  void defaults_areTheSoftHsmModuleAndTheRigToken() {
    HsmLocator l = parse().locator(Map.of());
    assertThat(l.module()).isEqualTo(HsmLocator.SOFTHSM_MODULE);
    assertThat(l.token()).isEqualTo("ceremony-dev");
  }

  @Test
  void moduleFromEnvironment_unlessGiven() {
    assertThat(parse().locator(Map.of("CEREMONY_PKCS11_MODULE", "/opt/hsm/lib.so")).module())
        .isEqualTo(Path.of("/opt/hsm/lib.so"));
    assertThat(
            parse("--module", "/x.so").locator(Map.of("CEREMONY_PKCS11_MODULE", "/y.so")).module())
        .isEqualTo(Path.of("/x.so"));
  }

  @Test
  void tokenAndTokenUri_areExclusive_andUriMustBePkcs11() {
    assertThatThrownBy(() -> parse("--token", "a", "--token-uri", "pkcs11:token=a").tokenSpec())
        .hasMessageContaining("both given");
    assertThatThrownBy(() -> parse("--token-uri", "token=a").tokenSpec())
        .hasMessageContaining("not a pkcs11: URI");
    assertThat(parse("--token-uri", "pkcs11:token=a").tokenSpec()).isEqualTo("pkcs11:token=a");
  }

  @Test
  void pin_defaultsToTheRigFile_whenItExists_elsePrompt(@TempDir Path home) throws Exception {
    assertThat(parse().pinSource(Map.of("CEREMONY_HOME", home.toString())))
        .isEqualTo(PinSource.prompt());
    Files.createDirectories(home.resolve(".softhsm"));
    Path pin = home.resolve(".softhsm/ceremony-dev.user.pin");
    Files.writeString(pin, "1234");
    assertThat(parse().pinSource(Map.of("CEREMONY_HOME", home.toString())))
        .isEqualTo(PinSource.parse("file:" + pin.toAbsolutePath()));
    assertThat(parse("--pin", "env:HSM_PIN").pinSource(Map.of()))
        .isEqualTo(PinSource.parse("env:HSM_PIN"));
  }

  @Test
  void aLiteralPin_isRefused_withoutEchoingIt() {
    assertThatThrownBy(() -> parse("--pin", "s3cret-123").pinSource(Map.of()))
        .hasMessageNotContaining("s3cret-123");
  }
}
