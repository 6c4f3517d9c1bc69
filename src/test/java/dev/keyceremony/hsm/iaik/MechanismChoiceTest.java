package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.TokenFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MechanismChoiceTest {
  private static final long PAD = 0x210AL;
  private static final long KWP = 0x210BL;

  @Test
  void standardKwp_isPreferred_whenListed() {
    assertThat(Mechanisms.chooseKwp(Map.of(PAD, 1L, KWP, 1L))).contains(KWP);
  }

  @Test
  void pad_isTheFallback_andNothingWhenNeitherIsListed() {
    assertThat(Mechanisms.chooseKwp(Map.of(PAD, 1L))).contains(PAD);
    assertThat(Mechanisms.chooseKwp(Map.of(0x2109L, 1L))).isEmpty();
  }

  @Test
  void oaepDescription_namesHashAndMgf() {
    assertThat(Mechanisms.describeOaep(dev.keyceremony.core.WrappingAlgorithm.Hash.SHA_256))
        .contains("hashAlg=CKM_SHA256")
        .contains("mgf=CKG_MGF1_SHA256");
  }

  @Test
  void softHsm26Quirk_warnsForMaterialNotAMultipleOf8() {
    TokenFacts softhsm = facts("SoftHSM", "2.6");
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.HMAC_224))
        .get()
        .asString()
        .contains("28 bytes")
        .contains("4 trailing zero bytes");
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.ECC_NIST_P256))
        .get()
        .asString()
        .contains("67 bytes of PKCS#8")
        .contains("5 trailing zero bytes");
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.ECC_NIST_P521)).isPresent();
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.RSA_2048)).isPresent();
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.ECC_NIST_P384)).isEmpty();
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.ECC_SECG_P256K1)).isEmpty();
    assertThat(KwpQuirk.warning(softhsm, PAD, KeySpec.HMAC_256)).isEmpty();
  }

  @Test
  void quirk_doesNotApplyToOtherTokensVersionsOrMechanisms() {
    assertThat(KwpQuirk.warning(facts("SoftHSM", "2.7"), PAD, KeySpec.HMAC_224)).isEmpty();
    assertThat(KwpQuirk.warning(facts("Mozilla Foundation", "3.87"), PAD, KeySpec.HMAC_224))
        .isEmpty();
    assertThat(KwpQuirk.warning(facts("SoftHSM", "2.6"), KWP, KeySpec.HMAC_224)).isEmpty();
  }

  static TokenFacts facts(String libraryManufacturer, String libraryVersion) {
    return new TokenFacts(
        "/m.so",
        "00",
        "desc",
        libraryManufacturer,
        libraryVersion,
        "2.40",
        1,
        "t",
        "m",
        "model",
        "1",
        "1.0",
        "1.0",
        List.of());
  }
}
