package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.kms.KeyInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

class KeyInfoMapperTest {
  @Test
  void keyMetadata_mapsEveryCheckedField() {
    Instant validTo = Instant.parse("2027-01-01T00:00:00Z");
    KeyInfo k =
        KeyInfoMapper.from(
            KeyMetadata.builder()
                .keyId("k")
                .arn("arn")
                .awsAccountId("1")
                .keySpec("HMAC_256")
                .keyUsage("GENERATE_VERIFY_MAC")
                .origin("EXTERNAL")
                .keyState("Enabled")
                .enabled(true)
                .expirationModel("KEY_MATERIAL_EXPIRES")
                .validTo(validTo)
                .currentKeyMaterialId("ab")
                .multiRegion(false)
                .macAlgorithmsWithStrings(List.of("HMAC_SHA_256"))
                .build());
    assertThat(k)
        .isEqualTo(
            new KeyInfo(
                "k",
                "arn",
                "1",
                "HMAC_256",
                "GENERATE_VERIFY_MAC",
                "EXTERNAL",
                "Enabled",
                true,
                "KEY_MATERIAL_EXPIRES",
                validTo,
                "ab",
                false,
                List.of(),
                List.of("HMAC_SHA_256"),
                List.of()));
  }

  @Test
  void absentOptionalFields_areNullOrEmpty_unknownEnumsKept() {
    KeyInfo k = KeyInfoMapper.from(KeyMetadata.builder().keyId("k").keySpec("FUTURE_SPEC").build());
    assertThat(k.keySpec()).isEqualTo("FUTURE_SPEC");
    assertThat(k.validTo()).isNull();
    assertThat(k.enabled()).isFalse();
    assertThat(k.signingAlgorithms()).isEmpty();
  }
}
