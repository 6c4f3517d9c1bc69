package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.hsm.iaik.ItToken;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reimport with each real test token (SoftHSM2, NSS) and the local KMS: after the material expired
 * (the local KMS clock is moved past ValidTo), the same HSM object imports again with the same
 * KeyMaterialId; different material is refused with IncorrectKeyMaterialException, recorded,
 * non-zero exit.
 */
class ReimportIT {
  LocalKms kms;
  MutableClock kmsClock;
  @TempDir static Path dir;

  /** A fresh local KMS and clock per token: each run moves the KMS clock past ValidTo. */
  @BeforeEach
  void start() throws Exception {
    kmsClock = MutableClock.system();
    kms = LocalKms.builder().port(0).clock(kmsClock).start();
  }

  @AfterEach
  void stop() {
    kms.close();
  }

  private String yaml(ItToken t, String keyBlock, String material, String validFor) {
    return ItCeremony.script(
        t,
        kms,
        keyBlock,
        material,
        "auto",
        "RSA_2048",
        "  model: KEY_MATERIAL_EXPIRES\n  valid-for: " + validFor);
  }

  @ParameterizedTest
  @EnumSource(ItToken.class)
  void reimport_afterExpiry_sameObjectSucceeds_differentMaterialRefused(ItToken t)
      throws Exception {
    ItCeremony.ensureSigner(t);
    ItCeremony.Cli a =
        ItCeremony.run(
            dir,
            yaml(t, ItCeremony.create("SYMMETRIC_DEFAULT"), "generate: 'reimport-a-{run}'", "1d"));
    assertThat(a.exit()).as(a.all()).isZero();
    JsonNode sealedA = Bundles.last(a.bundle(), "ceremony.sealed");
    String keyA = sealedA.get("keyId").asText();
    String labelA = sealedA.get("hsmObject").get("label").asText();
    String materialIdA = sealedA.get("keyMaterialId").asText();

    ItCeremony.Cli b =
        ItCeremony.run(
            dir,
            yaml(t, ItCeremony.create("SYMMETRIC_DEFAULT"), "generate: 'reimport-b-{run}'", "1d"));
    assertThat(b.exit()).as(b.all()).isZero();
    String labelB =
        Bundles.last(b.bundle(), "ceremony.sealed").get("hsmObject").get("label").asText();

    kmsClock.advance(Duration.ofDays(2));
    kms.sweep();
    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      assertThat(client.describeKey(keyA).value().keyState()).isEqualTo("PendingImport");
    }

    ItCeremony.Cli again =
        ItCeremony.run(dir, yaml(t, "  existing: " + keyA, "existing: " + labelA, "30d"));
    assertThat(again.exit()).as(again.all()).isZero();
    JsonNode prove = Bundles.last(again.bundle(), "step.prove");
    assertThat(prove.get("sameMaterialAsBefore").asBoolean()).isTrue();
    assertThat(prove.get("keyMaterialId").asText()).isEqualTo(materialIdA);
    assertThat(TranscriptVerifier.verify(again.bundle()).isValid()).isTrue();

    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      client.deleteImportedKeyMaterial(keyA);
    }
    ItCeremony.Cli wrong =
        ItCeremony.run(dir, yaml(t, "  existing: " + keyA, "existing: " + labelB, "30d"));
    assertThat(wrong.exit()).as(wrong.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(wrong.err())
        .contains("IncorrectKeyMaterialException")
        .contains("is not the material first imported into key " + keyA);
    JsonNode error = Bundles.last(wrong.bundle(), "error");
    assertThat(error.get("cause").asText()).isEqualTo("IncorrectKeyMaterialException");
    assertThat(error.get("requestId").asText()).isNotBlank();
    assertThat(Bundles.last(wrong.bundle(), "ceremony.sealed").get("outcome").asText())
        .isEqualTo("failed");
    assertThat(TranscriptVerifier.verify(wrong.bundle()).isValid()).isTrue();
  }
}
