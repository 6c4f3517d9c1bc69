package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.transcript.TranscriptVerifier;
import org.junit.jupiter.api.Test;

/** Trusted mode (hsm.so-pin) and the embedded local KMS (kms.embedded: true), end to end. */
class TrustedAndEmbeddedIT extends CeremonyItFixture {
  @Test
  void trustedMode_soCreatesTrustedWrappingKey_materialIsWrapWithTrusted() throws Exception {
    String yaml = ItCeremony.script(kms, ItCeremony.create("HMAC_256"),
        "generate: 'trusted-{run}'", "auto", "RSA_2048", ItCeremony.EXPIRES_30D)
        .replace("  user-pin: file:" + ItCeremony.pinFile("user"), "  user-pin: file:"
            + ItCeremony.pinFile("user") + "\n  so-pin: file:" + ItCeremony.pinFile("so"));
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isZero();
    JsonNode prep = Bundles.last(r.bundle(), "step.hsm-prepare");
    assertThat(prep.get("wrappingKey").get("trusted").asBoolean()).isTrue();
    assertThat(prep.get("attributes").get("wrapWithTrusted").asBoolean()).isTrue();
    assertThat(TranscriptVerifier.verify(r.bundle()).isValid()).isTrue();
  }

  @Test
  void embeddedKms_runsInProcess() throws Exception {
    String yaml = ItCeremony.script(kms, ItCeremony.create("ECC_NIST_P384"),
        "generate: 'embedded-{run}'", "auto", "RSA_2048", ItCeremony.EXPIRES_30D)
        .replace("  endpoint: " + kms.endpoint(), "  embedded: true");
    assertThat(yaml).contains("embedded: true").contains("module: " + HsmLocator.SOFTHSM_MODULE);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(Bundles.last(r.bundle(), "ceremony.opened").get("kms").asText())
        .startsWith("embedded local KMS");
    assertThat(TranscriptVerifier.verify(r.bundle()).isValid()).isTrue();
  }
}
