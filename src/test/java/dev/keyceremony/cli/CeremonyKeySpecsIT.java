package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A complete ceremony for every key spec SoftHSM2 can do, against the real token and the local
 * KMS over HTTP; each ends with the transcript verifier passing. RSA_4096 only once (time).
 */
class CeremonyKeySpecsIT extends CeremonyItFixture {
  @ParameterizedTest(name = "{0} wrapped with {1} under {2}")
  @CsvSource({
    "SYMMETRIC_DEFAULT, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSA_3072, RSAES_OAEP_SHA_1",
    "HMAC_224, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "HMAC_256, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "HMAC_384, auto, RSA_3072, RSAES_OAEP_SHA_1",
    "HMAC_512, auto, RSA_2048, RSAES_OAEP_SHA_1",
    "RSA_2048, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "RSA_3072, RSA_AES_KEY_WRAP_SHA_1, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "RSA_4096, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "ECC_NIST_P256, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "ECC_NIST_P384, auto, RSA_3072, RSA_AES_KEY_WRAP_SHA_1",
    "ECC_NIST_P521, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1",
    "ECC_SECG_P256K1, auto, RSA_2048, RSA_AES_KEY_WRAP_SHA_1"
  })
  void run_keySpec_importedProvenAndTranscriptVerifies(String spec, String algorithm,
      String wrappingKeySpec, String expectedAlgorithm) throws Exception {
    String yaml = ItCeremony.script(kms, ItCeremony.create(spec),
        "generate: 'it-" + spec.toLowerCase() + "-{run}'", algorithm, wrappingKeySpec,
        ItCeremony.EXPIRES_30D);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("SUCCEEDED: key arn:aws:kms:")
        .contains("algorithm " + expectedAlgorithm);
    Path bundle = r.bundle();
    VerificationReport v = TranscriptVerifier.verify(bundle);
    assertThat(v.isValid()).as(v.summary()).isTrue();
    assertThat(v.lineCount()).isEqualTo(9);
    String transcript = Files.readString(bundle.resolve("transcript.jsonl"));
    assertThat(transcript).contains("\"type\":\"step.prove\"").contains("\"outcome\":\"succeeded\"")
        .doesNotContain(Files.readString(ItCeremony.pinFile("user")).trim());
  }
}
