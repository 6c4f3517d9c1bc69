package dev.keyceremony.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * The wrapping rules against the import matrix of kms-import-spec.md section 2.2, written out here
 * independently, row by row, for every key spec, wrapping algorithm and wrapping key spec.
 */
class WrappingRulesTest {
  private static final String OAEP = "RSAES_OAEP_SHA_256 RSAES_OAEP_SHA_1";
  private static final String HYBRID = "RSA_AES_KEY_WRAP_SHA_256 RSA_AES_KEY_WRAP_SHA_1";

  /** Key spec / wrapping key spec: the algorithms KMS accepts, AWS's preferred first. */
  private static final Map<String, String> MATRIX = new LinkedHashMap<>();

  static {
    for (String w : List.of("RSA_2048", "RSA_3072", "RSA_4096")) {
      MATRIX.put("SYMMETRIC_DEFAULT/" + w, OAEP);
      for (String h : List.of("HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512")) {
        MATRIX.put(h + "/" + w, OAEP);
      }
      for (String r : List.of("RSA_2048", "RSA_3072", "RSA_4096")) {
        MATRIX.put(r + "/" + w, HYBRID);
      }
      for (String e : List.of("ECC_NIST_P256", "ECC_NIST_P384", "ECC_SECG_P256K1")) {
        MATRIX.put(e + "/" + w, HYBRID + " " + OAEP);
      }
      // P-521 as PKCS#8 (241 bytes) exceeds one OAEP block of RSA_2048 (at most 214 bytes).
      MATRIX.put("ECC_NIST_P521/" + w, w.equals("RSA_2048") ? HYBRID : HYBRID + " " + OAEP);
    }
  }

  @Test
  void everyCombination_matchesTheImportMatrix() {
    int checked = 0;
    for (KeySpec spec : KeySpec.values()) {
      for (WrappingKeySpec wks : WrappingKeySpec.values()) {
        String row = MATRIX.get(spec + "/" + wks);
        assertThat(row).as("matrix row for %s/%s", spec, wks).isNotNull();
        List<String> expected = Arrays.asList(row.split(" "));
        assertThat(WrappingRules.allowedAlgorithms(spec, wks).stream().map(Enum::name))
            .as("%s with %s", spec, wks)
            .containsExactlyElementsOf(expected);
        for (WrappingAlgorithm a : WrappingAlgorithm.values()) {
          boolean ok = expected.contains(a.name());
          assertThat(WrappingRules.compatible(spec, a, wks))
              .as("%s %s %s", spec, a, wks)
              .isEqualTo(ok);
          assertThat(WrappingRules.rejection(spec, a, wks).isPresent()).isEqualTo(!ok);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(12 * 3 * 4);
  }

  @Test
  void rejection_namesTheCauseAndWhatIsAllowed() {
    assertThat(
            WrappingRules.rejection(
                KeySpec.RSA_2048, WrappingAlgorithm.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_4096))
        .contains(
            "KMS does not accept RSAES_OAEP_SHA_256 for RSA_2048"
                + " key material; allowed: [RSA_AES_KEY_WRAP_SHA_256, RSA_AES_KEY_WRAP_SHA_1]");
    assertThat(
            WrappingRules.rejection(
                KeySpec.ECC_NIST_P521,
                WrappingAlgorithm.RSAES_OAEP_SHA_1,
                WrappingKeySpec.RSA_2048))
        .hasValueSatisfying(m -> assertThat(m).contains("241 bytes").contains("RSA_3072"));
  }

  @Test
  void sm2pkeAndPkcs1_areNotWrappingAlgorithms() {
    assertThatThrownBy(() -> WrappingAlgorithm.parse("SM2PKE"))
        .hasMessageContaining("SM2PKE is for China Regions only");
    assertThatThrownBy(() -> WrappingAlgorithm.parse("RSAES_PKCS1_V1_5"))
        .hasMessageContaining("RSAES_PKCS1_V1_5 is no longer accepted by KMS");
  }

  @Test
  void kwpLength_equalsWhatRfc5649Produces() {
    RFC5649WrapEngine kwp = new RFC5649WrapEngine(AESEngine.newInstance());
    kwp.init(true, new KeyParameter(new byte[32]));
    for (int len = 1; len <= 600; len++) {
      assertThat(WrappingRules.kwpLength(len))
          .as("KWP of %d bytes", len)
          .isEqualTo(kwp.wrap(new byte[len], 0, len).length);
    }
    // The worked sizes of kms-import-spec.md 2.4.
    assertThat(WrappingRules.kwpLength(32)).isEqualTo(40);
    assertThat(WrappingRules.kwpLength(241)).isEqualTo(256);
    assertThat(WrappingRules.kwpLength(2374)).isEqualTo(2384);
    assertThat(
            WrappingRules.expectedWrappedLength(
                WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_4096, 2374))
        .isEqualTo(2896);
    assertThatThrownBy(() -> WrappingRules.kwpLength(0)).hasMessageContaining("not 0");
  }

  @Test
  void expectedLength_isExactWhereTheSpecFixesIt() {
    List<String> seen = new ArrayList<>();
    for (KeySpec spec : KeySpec.values()) {
      for (WrappingKeySpec wks : WrappingKeySpec.values()) {
        int n = wks.bits() / 8;
        for (WrappingAlgorithm a : WrappingAlgorithm.values()) {
          OptionalInt e = WrappingRules.expectedWrappedLength(spec, a, wks);
          if (!a.isHybrid()) {
            assertThat(e).hasValue(n);
          } else if (spec.isSecret()) {
            int bytes = spec.bits() / 8;
            assertThat(e).hasValue(n + (bytes + 7) / 8 * 8 + 8);
            seen.add(spec + "/" + wks + "=" + e.getAsInt());
          } else {
            assertThat(e).as("%s %s", spec, a).isEmpty();
          }
        }
      }
    }
    assertThat(seen)
        .contains(
            "SYMMETRIC_DEFAULT/RSA_2048=296", "HMAC_224/RSA_3072=424", "HMAC_512/RSA_4096=584");
  }

  @Test
  void lengthProblem_oaep_isOneRsaBlock() {
    for (WrappingKeySpec wks : WrappingKeySpec.values()) {
      int n = wks.modulusBytes();
      assertThat(
              WrappingRules.wrappedLengthProblem(
                  KeySpec.HMAC_256, WrappingAlgorithm.RSAES_OAEP_SHA_256, wks, n))
          .isEmpty();
      for (int wrong : new int[] {n - 1, n + 1, n + 40, 0}) {
        assertThat(
                WrappingRules.wrappedLengthProblem(
                    KeySpec.HMAC_256, WrappingAlgorithm.RSAES_OAEP_SHA_256, wks, wrong))
            .contains("expected " + n + " (one RSA block)");
      }
    }
  }

  @Test
  void lengthProblem_hybridSecret_isExact() {
    WrappingAlgorithm a = WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1;
    assertThat(
            WrappingRules.wrappedLengthProblem(
                KeySpec.SYMMETRIC_DEFAULT, a, WrappingKeySpec.RSA_2048, 296))
        .isEmpty();
    // 8 bytes more is a whole KWP block: plausible for some material, but not for 32 bytes.
    assertThat(
            WrappingRules.wrappedLengthProblem(
                KeySpec.SYMMETRIC_DEFAULT, a, WrappingKeySpec.RSA_2048, 304))
        .contains(
            "expected 296 (256 bytes of OAEP and 40 of"
                + " RFC 5649 for the 32-byte SYMMETRIC_DEFAULT material)");
    assertThat(WrappingRules.wrappedLengthProblem(a, WrappingKeySpec.RSA_2048, 304)).isEmpty();
  }

  @Test
  void lengthProblem_hybridKeyPair_isOneBlockAndWholeKwpBlocks() {
    WrappingAlgorithm a = WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256;
    for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256)) {
      assertThat(WrappingRules.wrappedLengthProblem(spec, a, WrappingKeySpec.RSA_3072, 384 + 16))
          .isEmpty();
      assertThat(WrappingRules.wrappedLengthProblem(spec, a, WrappingKeySpec.RSA_3072, 384 + 1224))
          .isEmpty();
      for (int wrong : new int[] {384, 384 + 8, 384 + 17, 383 + 1224, 256 + 40}) {
        assertThat(WrappingRules.wrappedLengthProblem(spec, a, WrappingKeySpec.RSA_3072, wrong))
            .as("%s %d", spec, wrong)
            .contains(
                "expected 384 bytes of OAEP followed by an RFC 5649"
                    + " part of at least 16 bytes in 8-byte blocks");
      }
    }
  }
}
