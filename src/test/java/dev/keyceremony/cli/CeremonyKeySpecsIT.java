package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.hsm.iaik.ItToken;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A complete ceremony for every key spec each test token can do (SoftHSM2 2.6.1 and NSS 3.87's
 * softoken), against the real token and the local KMS over HTTP; each ends with the transcript
 * verifier passing. SoftHSM2 can only do the SHA-1 algorithms; on NSS, auto picks the SHA-256 ones.
 * RSA_4096 only once per token (time).
 */
class CeremonyKeySpecsIT extends CeremonyItFixture {
  @ParameterizedTest(name = "{0}: {1} wrapped with {2} under {3}")
  @CsvSource({
    "SOFTHSM2, SYMMETRIC_DEFAULT, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "SOFTHSM2, SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSA_3072, RSAES_OAEP_SHA_1",
    "SOFTHSM2, HMAC_224, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "SOFTHSM2, HMAC_256, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "SOFTHSM2, HMAC_384, auto, RSA_3072, RSAES_OAEP_SHA_1",
    "SOFTHSM2, HMAC_512, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "SOFTHSM2, RSA_2048, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "SOFTHSM2, RSA_3072, RSA_AES_KEY_WRAP_SHA_1, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "SOFTHSM2, RSA_4096, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "SOFTHSM2, ECC_NIST_P256, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "SOFTHSM2, ECC_NIST_P384, auto, RSA_3072, RSA_AES_KEY_WRAP_SHA_1",
    "SOFTHSM2, ECC_NIST_P521, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "SOFTHSM2, ECC_SECG_P256K1, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "NSS, SYMMETRIC_DEFAULT, auto, RSA_2048, RSAES_OAEP_SHA_256",
    "NSS, SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_256, RSA_4096, RSAES_OAEP_SHA_256",
    "NSS, HMAC_224, auto, RSA_2048, RSAES_OAEP_SHA_256",
    "NSS, HMAC_256, auto, RSA_3072, RSAES_OAEP_SHA_256",
    "NSS, HMAC_384, auto, RSA_2048, RSAES_OAEP_SHA_256",
    "NSS, HMAC_512, auto, RSA_2048, RSAES_OAEP_SHA_256",
    "NSS, RSA_2048, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_256",
    "NSS, RSA_3072, RSA_AES_KEY_WRAP_SHA_256, RSA_3072, RSA_AES_KEY_WRAP_SHA_256",
    "NSS, RSA_4096, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_256",
    "NSS, ECC_NIST_P256, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_256",
    "NSS, ECC_NIST_P256, RSAES_OAEP_SHA_256, RSA_2048, RSAES_OAEP_SHA_256",
    "NSS, ECC_NIST_P384, auto, RSA_3072, RSA_AES_KEY_WRAP_SHA_256",
    "NSS, ECC_NIST_P521, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_256"
  })
  void run_keySpec_importedProvenAndTranscriptVerifies(
      ItToken token,
      String spec,
      String algorithm,
      String wrappingKeySpec,
      String expectedAlgorithm)
      throws Exception {
    ItCeremony.ensureSigner(token);
    String yaml =
        ItCeremony.script(
            token,
            kms,
            ItCeremony.create(spec),
            "generate: 'it-" + spec.toLowerCase() + "-{run}'",
            algorithm,
            wrappingKeySpec,
            ItCeremony.EXPIRES_30D);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("SUCCEEDED: key arn:aws:kms:")
        .contains("algorithm " + expectedAlgorithm);
    Path bundle = r.bundle();
    VerificationReport v = TranscriptVerifier.verify(bundle);
    assertThat(v.isValid()).as(v.summary()).isTrue();
    String transcript = Files.readString(bundle.resolve("transcript.jsonl"));
    // The 9 step entries; every side effect also has its write-ahead intent and its result.
    long intents = transcript.lines().filter(l -> l.contains("\"type\":\"intent\"")).count();
    long results = transcript.lines().filter(l -> l.contains("\"type\":\"result\"")).count();
    assertThat(results).isEqualTo(intents);
    assertThat(v.lineCount() - intents - results).as(transcript).isEqualTo(9);
    assertThat(transcript)
        .contains("\"type\":\"step.prove\"")
        .contains("\"outcome\":\"succeeded\"")
        .contains("\"algorithm\":\"" + expectedAlgorithm + "\"")
        .doesNotContain(Files.readString(token.userPinFile()).trim());
    if (token == ItToken.NSS) {
      assertThat(transcript).contains("\"initArgs\":\"" + token.initArgs() + "\"");
    }
  }

  /** NSS's softoken does not generate secp256k1: preflight says so before KMS is touched. */
  @Test
  void nss_secp256k1_stopsInPreflightBeforeAnyKmsKeyIsCreated() throws Exception {
    ItCeremony.ensureSigner(ItToken.NSS);
    List<String> before = keyIds();
    String yaml =
        ItCeremony.script(
            ItToken.NSS,
            kms,
            ItCeremony.create("ECC_SECG_P256K1"),
            "generate: 'it-k1-{run}'",
            "auto",
            "RSA_2048",
            ItCeremony.EXPIRES_30D);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isNotZero();
    assertThat(r.all())
        .contains("FAILED in step preflight")
        .contains("ECC_SECG_P256K1")
        .contains("CKR_DOMAIN_PARAMS_INVALID");
    assertThat(keyIds()).containsExactlyInAnyOrderElementsOf(before);
  }

  /** NSS has no Security Officer: trusted mode stops in preflight, naming why. */
  @Test
  void nss_trustedMode_stopsInPreflightBeforeAnyKmsKeyIsCreated() throws Exception {
    ItCeremony.ensureSigner(ItToken.NSS);
    List<String> before = keyIds();
    String yaml =
        ItCeremony.script(
                ItToken.NSS,
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'it-trusted-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D)
            .replace(
                "  user-pin: file:" + ItToken.NSS.userPinFile(),
                "  user-pin: file:"
                    + ItToken.NSS.userPinFile()
                    + "\n  so-pin: file:"
                    + ItToken.NSS.userPinFile());
    assertThat(yaml).contains("so-pin:");
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isNotZero();
    assertThat(r.all())
        .contains("FAILED in step preflight (TRUSTED_MODE)")
        .contains("no Security Officer login")
        .contains("CKR_USER_TYPE_INVALID")
        .contains("remove hsm.so-pin");
    assertThat(keyIds()).containsExactlyInAnyOrderElementsOf(before);
  }
}
