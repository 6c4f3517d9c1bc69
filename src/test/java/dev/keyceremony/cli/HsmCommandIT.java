package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.workflow.HsmConnector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hsm commands end to end, through Main, against the real SoftHSM2 IT token. */
class HsmCommandIT {
  private static final String TOKEN = System.getProperty("ceremony.it.token", "ceremony-it");
  private static final Path PIN_FILE =
      Path.of(System.getProperty("ceremony.projectDir", "."))
          .resolve(".softhsm/" + TOKEN + ".user.pin");

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String[] common(String... more) {
    String[] base = {"--token", TOKEN, "--pin", "file:" + PIN_FILE};
    String[] all = new String[base.length + more.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(base, 0, all, more.length, base.length);
    return all;
  }

  @Test
  void info_reportsSha1AlgorithmsPassing_andSha256FailingWithTheirReasons() {
    Run r = run(common("hsm", "info"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("label     " + TOKEN)
        .contains("library   SoftHSM 2.6")
        .contains("CKM_RSA_PKCS_OAEP")
        .containsPattern("RSAES_OAEP_SHA_1 +PASS")
        .containsPattern("RSA_AES_KEY_WRAP_SHA_1 +PASS")
        .containsPattern("RSAES_OAEP_SHA_256 +FAIL")
        .containsPattern("RSA_AES_KEY_WRAP_SHA_256 +FAIL")
        .contains(
            "reason:    C_WrapKey CKM_RSA_PKCS_OAEP hashAlg=CKM_SHA256 mgf=CKG_MGF1_SHA256"
                + " source=CKZ_DATA_SPECIFIED label=empty: token returned CKR_ARGUMENTS_BAD")
        .contains(
            "reason:    C_WrapKey of the ephemeral AES key with CKM_RSA_PKCS_OAEP"
                + " hashAlg=CKM_SHA256")
        .containsPattern("SYMMETRIC_DEFAULT +RSAES_OAEP_SHA_1")
        .doesNotContain("[INFO]");
  }

  @Test
  void infoTrusted_showsTheAutoChoiceOfTrustedMode_asRunMakesIt() {
    // SoftHSM 2.6.1 composes RSA_AES_KEY_WRAP from two mechanisms, so wrap-with-trusted material
    // cannot be wrapped that way, and it cannot OAEP-wrap a private key: no key pair in trusted
    // mode, OAEP for secret material (the self-test alone passes RSA_AES_KEY_WRAP_SHA_1).
    Run plain = run(common("hsm", "info"));
    assertThat(plain.out())
        .containsPattern("ECC_NIST_P256 +RSA_AES_KEY_WRAP_SHA_1")
        .containsPattern("RSA_2048 +RSA_AES_KEY_WRAP_SHA_1");
    Run r = run(common("hsm", "info", "--trusted"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("a trial wrap of that kind of material, in trusted mode)")
        .containsPattern("SYMMETRIC_DEFAULT +RSAES_OAEP_SHA_1")
        .containsPattern("HMAC_256 +RSAES_OAEP_SHA_1")
        .containsPattern(
            "ECC_NIST_P256 +none: this token cannot wrap ECC_NIST_P256 for KMS in"
                + " trusted mode");
  }

  @Test
  void infoJson_hasTheSelfTestResults() {
    Run r = run(common("hsm", "info", "--json"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("\"algorithm\" : \"RSAES_OAEP_SHA_256\"")
        .contains("\"passed\" : false")
        .contains("\"moduleSha256\"");
  }

  @Test
  void createSigner_thenListKeys_showsTheNonExtractableKey_andNoValues(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    String label = "it-cli-signer-" + UUID.randomUUID().toString().substring(0, 8);
    java.nio.file.Path record = tmp.resolve("enrolment");
    Run c =
        run(
            common(
                "hsm",
                "create-signer",
                "--label",
                label,
                "--witness",
                "wendy",
                "--operator",
                "olivia",
                "--record",
                record.toString()));
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(c.out())
        .containsPattern("fingerprint  SHA256:[0-9a-f]{64}")
        .contains("-----BEGIN PUBLIC KEY-----")
        .contains("--trust " + record);
    // The enrolment record is signed by the new key in the token and pins exactly that key.
    String fp = c.out().replaceAll("(?s).*fingerprint  SHA256:([0-9a-f]{64}).*", "$1");
    dev.keyceremony.transcript.SignerPin pin =
        dev.keyceremony.transcript.SignerEnrolment.pin(record);
    assertThat(pin.fingerprint()).isEqualTo(fp);
    assertThat(pin.name())
        .startsWith(label + ", enrolled ")
        .contains("in token " + TOKEN)
        .endsWith("witnessed by wendy");
    Run again = run(common("hsm", "create-signer", "--label", label));
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err())
        .contains("already has 2 object(s) labelled '" + label + "'")
        .doesNotContain("at dev.keyceremony");
    Run l = run(common("hsm", "list-keys"));
    assertThat(l.code()).as(l.err()).isZero();
    assertThat(l.out())
        .containsPattern(
            label
                + " +PRIVATE_KEY +EC +384 +[0-9a-f]{32} +token private"
                + " sensitive !extractable");
    HsmOptions o = new HsmOptions();
    new picocli.CommandLine(o).parseArgs("--token", TOKEN, "--pin", "file:" + PIN_FILE);
    try (HsmConnector.Connection conn = HsmConnector.connect(o.locator(), o.pinSource())) {
      assertThat(dev.keyceremony.hsm.iaik.TestTokenCleaner.destroyLabelled(conn.session(), label))
          .isEqualTo(2);
    }
  }

  @Test
  void unknownToken_exitsWith1_listingTheTokens() {
    Run r =
        run(
            "hsm",
            "list-keys",
            "--token",
            "nope-" + UUID.randomUUID(),
            "--pin",
            "file:" + PIN_FILE);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("no token matches")
        .contains("'" + TOKEN + "' (serial")
        .contains("[TOKEN_NOT_FOUND]");
  }

  @Test
  void wrongPin_exitsWith1() throws Exception {
    Path wrong = java.nio.file.Files.createTempFile("wrong", ".pin");
    java.nio.file.Files.writeString(wrong, "definitely-wrong");
    Run r = run("hsm", "list-keys", "--token", TOKEN, "--pin", "file:" + wrong);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("is incorrect").doesNotContain("definitely-wrong");
  }

  @Test
  void usageErrors_exitWith2() {
    assertThat(run("hsm", "info", "--token", TOKEN, "--pin", "123456").code()).isEqualTo(2);
    assertThat(run("hsm", "info", "--token", "a", "--token-uri", "pkcs11:token=a").code())
        .isEqualTo(2);
    assertThat(
            run(
                    "hsm",
                    "info",
                    "--wrapping-key-spec",
                    "RSA_1024",
                    "--token",
                    TOKEN,
                    "--pin",
                    "file:" + PIN_FILE)
                .code())
        .isEqualTo(2);
    assertThat(run("hsm", "create-signer").code()).isEqualTo(2);
  }
}
