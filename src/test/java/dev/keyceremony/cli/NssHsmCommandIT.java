package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.hsm.iaik.ItToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The hsm commands against NSS 3.87's softoken, through Main, with --init-args: the self-test
 * passes the SHA-256 algorithms that SoftHSM2 2.6.1 fails, and auto picks them; a missing or wrong
 * init-args string is named with the fix.
 */
class NssHsmCommandIT {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void info_onNss_passesTheSha256Algorithms_andAutoPicksThem() {
    ItToken t = ItToken.NSS;
    Run r =
        run(
            "hsm",
            "info",
            "--module",
            t.module().toString(),
            "--token",
            t.token(),
            "--init-args",
            t.initArgs(),
            "--pin",
            "file:" + t.userPinFile());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("label     NSS Certificate DB")
        .contains("library   Mozilla Foundation 3.87")
        .containsPattern("RSAES_OAEP_SHA_256 +PASS")
        .containsPattern("RSA_AES_KEY_WRAP_SHA_256 +PASS")
        .containsPattern("RSAES_OAEP_SHA_1 +PASS")
        .containsPattern("RSA_AES_KEY_WRAP_SHA_1 +PASS")
        .contains("CKM_AES_KEY_WRAP_KWP (0x210b) (RFC 5649)")
        .contains("caller-sized output buffer")
        .containsPattern("SYMMETRIC_DEFAULT +RSAES_OAEP_SHA_256")
        .containsPattern("HMAC_224 +RSAES_OAEP_SHA_256")
        .containsPattern("RSA_4096 +RSA_AES_KEY_WRAP_SHA_256")
        .containsPattern("ECC_NIST_P521 +RSA_AES_KEY_WRAP_SHA_256");
    assertThat(r.err()).doesNotContain("utcTime");
  }

  @Test
  void initArgsFromTheEnvironment_areUsedWhenTheOptionIsAbsent() {
    ItToken t = ItToken.NSS;
    HsmOptions o = new HsmOptions();
    picocli.CommandLine.populateCommand(o, "--module", t.module().toString());
    assertThat(o.locator(java.util.Map.of("CEREMONY_PKCS11_INIT_ARGS", t.initArgs())).initArgs())
        .isEqualTo(t.initArgs());
    assertThat(o.locator(java.util.Map.of()).initArgs()).isNull();
  }

  @Test
  void nssWithoutInitArgs_namesTheMissingDatabaseAndTheOption() {
    ItToken t = ItToken.NSS;
    Run r =
        run(
            "hsm",
            "info",
            "--module",
            t.module().toString(),
            "--token",
            t.token(),
            "--pin",
            "file:" + t.userPinFile());
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .contains("C_Initialize of " + t.module())
        .contains("CKR_ARGUMENTS_BAD")
        .contains("needs its database in the init-args: give --init-args")
        .contains("ensure-nss.sh");
  }

  @Test
  void nssWithAConfigdirThatHoldsNoDatabase_saysSo(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
    ItToken t = ItToken.NSS;
    String args =
        "configdir='sql:"
            + empty.resolve("none")
            + "' certPrefix='' keyPrefix=''"
            + " secmod='secmod.db' flags=readOnly";
    Run r =
        run(
            "hsm",
            "info",
            "--module",
            t.module().toString(),
            "--token",
            t.token(),
            "--init-args",
            args,
            "--pin",
            "file:" + t.userPinFile());
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .contains("CKR_NSS_CERTDB_FAILED")
        .contains("configdir must name an existing NSS database");
  }
}
