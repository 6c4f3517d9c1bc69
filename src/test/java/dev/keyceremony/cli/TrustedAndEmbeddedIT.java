package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Trusted mode (hsm.so-pin) and the embedded local KMS (kms.embedded: true), end to end. */
class TrustedAndEmbeddedIT extends CeremonyItFixture {
  @ParameterizedTest
  @ValueSource(strings = {"HMAC_256", "SYMMETRIC_DEFAULT"})
  void trustedMode_soCreatesTrustedWrappingKey_materialIsWrapWithTrusted(String spec)
      throws Exception {
    ItCeremony.Cli r = ItCeremony.run(dir, trusted(spec, "auto"));
    assertThat(r.exit()).as(r.all()).isZero();
    JsonNode prep = Bundles.last(r.bundle(), "step.hsm-prepare");
    assertThat(prep.get("wrappingKey").get("trusted").asBoolean()).isTrue();
    assertThat(prep.get("attributes").get("wrapWithTrusted").asBoolean()).isTrue();
    // Direct OAEP under the trusted RSA key: the composed RSA_AES path is not usable here.
    assertThat(Bundles.last(r.bundle(), "step.preflight").get("algorithm").asText())
        .startsWith("RSAES_OAEP_");
    assertThat(TranscriptVerifier.verify(r.bundle()).isValid()).isTrue();
  }

  /**
   * SoftHSM 2.6.1 does not list CKM_RSA_AES_KEY_WRAP, and the composed wrap's ephemeral AES key
   * cannot be trusted: a key pair (RSA_AES only) cannot be wrapped in trusted mode. Preflight must
   * refuse before CreateKey, or a PendingImport key would be left behind.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auto", "RSA_AES_KEY_WRAP_SHA_1"})
  void trustedMode_keyPairWithoutNativeRsaAesWrap_refusedInPreflight_noKmsKey(String algorithm)
      throws Exception {
    List<String> before = keyIds();
    ItCeremony.Cli r = ItCeremony.run(dir, trusted("ECC_NIST_P256", algorithm));
    assertThat(r.exit()).as(r.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("TRUSTED_MODE").contains("CKM_RSA_AES_KEY_WRAP (0x1054)");
    assertThat(keyIds()).isEqualTo(before);
    JsonNode e = Bundles.last(r.bundle(), "error");
    assertThat(e.get("step").asText()).isEqualTo("preflight");
    assertThat(e.get("cause").asText()).isEqualTo("TRUSTED_MODE");
    assertThat(e.get("message").asText())
        .contains(
            "trusted mode leaves no wrapping algorithm"
                + " for ECC_NIST_P256 material on token "
                + ItCeremony.token()
                + ": RSA_AES_KEY_WRAP_SHA_1")
        .contains("CKA_TRUSTED")
        .contains("CKR_KEY_NOT_WRAPPABLE");
    assertThat(e.get("fix").asText())
        .contains("natively")
        .contains("drop trusted mode for key pairs: remove hsm.so-pin");
    assertThat(Bundles.last(r.bundle(), "ceremony.sealed").has("keyId")).isFalse();
    assertThat(TranscriptVerifier.verify(r.bundle()).isValid()).isTrue();
    ItCeremony.Cli plan = ItCeremony.main("plan", script(trusted("ECC_NIST_P256", algorithm)));
    assertThat(plan.exit()).as(plan.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(plan.all())
        .contains("trusted mode leaves no wrapping algorithm")
        .contains("drop trusted mode for key pairs");
    assertThat(keyIds()).isEqualTo(before);
  }

  private static String trusted(String spec, String algorithm) {
    return ItCeremony.script(
            kms,
            ItCeremony.create(spec),
            "generate: 'trusted-{run}'",
            algorithm,
            "RSA_2048",
            ItCeremony.EXPIRES_30D)
        .replace(
            "  user-pin: file:" + ItCeremony.pinFile("user"),
            "  user-pin: file:"
                + ItCeremony.pinFile("user")
                + "\n  so-pin: file:"
                + ItCeremony.pinFile("so"));
  }

  private static String script(String yaml) throws java.io.IOException {
    Path f = dir.resolve("plan-" + ItCeremony.uniq() + ".yaml");
    Files.writeString(f, yaml);
    return f.toString();
  }

  @Test
  void embeddedKms_runsInProcess() throws Exception {
    String yaml =
        ItCeremony.script(
                kms,
                ItCeremony.create("ECC_NIST_P384"),
                "generate: 'embedded-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D)
            .replace("  endpoint: " + kms.endpoint(), "  embedded: true");
    assertThat(yaml).contains("embedded: true").contains("module: " + HsmLocator.SOFTHSM_MODULE);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(Bundles.last(r.bundle(), "ceremony.opened").get("kms").asText())
        .startsWith("embedded local KMS");
    assertThat(TranscriptVerifier.verify(r.bundle()).isValid()).isTrue();
  }
}
