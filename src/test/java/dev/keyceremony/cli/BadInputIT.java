package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.ceremony.FailCause;
import dev.keyceremony.ceremony.Raises;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Each class of bad input stops with a message naming cause and fix and a non-zero exit; those
 * found after the transcript exists are recorded in it and the transcript still verifies.
 */
class BadInputIT extends CeremonyItFixture {
  static String yaml(String keyBlock, String algorithm, String expiration) {
    return ItCeremony.script(
        kms, keyBlock, "generate: 'bad-{run}'", algorithm, "RSA_2048", expiration);
  }

  static JsonNode recordedError(ItCeremony.Cli r) throws Exception {
    assertThat(TranscriptVerifier.verify(r.bundle()).isValid()).isTrue();
    assertThat(Bundles.last(r.bundle(), "ceremony.sealed").get("outcome").asText())
        .isEqualTo("failed");
    return Bundles.last(r.bundle(), "error");
  }

  @Test
  void keyNotExternal_stopsInPreflight_recorded() throws Exception {
    String keyId;
    try (KmsClient sdk = sdk()) {
      keyId = sdk.createKey(b -> b.keySpec("SYMMETRIC_DEFAULT")).keyMetadata().keyId();
    }
    ItCeremony.Cli r =
        ItCeremony.run(dir, yaml("  existing: " + keyId, "auto", ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err())
        .contains(
            "key.existing: key "
                + keyId
                + " has Origin AWS_KMS; only a key"
                + " created with Origin EXTERNAL accepts imported material");
    JsonNode e = recordedError(r);
    assertThat(e.get("cause").asText()).isEqualTo("NOT_EXTERNAL");
    assertThat(e.get("step").asText()).isEqualTo("preflight");
  }

  @Test
  void unknownKey_kmsErrorRecordedWithRequestId() throws Exception {
    ItCeremony.Cli r =
        ItCeremony.run(
            dir,
            yaml(
                "  existing: 0000abcd-12ab-34cd-56ef-1234567890ab",
                "auto",
                ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    JsonNode e = recordedError(r);
    assertThat(e.get("cause").asText()).isEqualTo("NotFoundException");
    assertThat(e.get("requestId").asText()).isNotBlank();
    assertThat(r.err()).contains("NotFoundException").contains("request ID");
  }

  @Test
  void aliasAsKey_refusedBeforeAnythingIsTouched() throws Exception {
    ItCeremony.Cli r =
        ItCeremony.run(dir, yaml("  existing: alias/payments", "auto", ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains("key.existing: 'alias/payments' is an alias;")
        .contains("nothing was done");
    assertThat(r.bundle()).isNull();
  }

  @Test
  void wrongPin_stopsWithNothingChanged_recordedInAnUnsignedTranscript() throws Exception {
    Path wrong = dir.resolve("wrong.pin");
    Files.writeString(wrong, "not-the-pin");
    String yaml =
        yaml(ItCeremony.create("HMAC_256"), "auto", ItCeremony.EXPIRES_30D)
            .replace("user-pin: file:" + ItCeremony.pinFile("user"), "user-pin: file:" + wrong);
    List<String> before = keyIds();
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).isEqualTo(ExitCodes.SETUP_FAILED);
    assertThat(r.err())
        .contains("PIN")
        .contains("Nothing was changed")
        .contains("UNSIGNED transcript")
        .doesNotContain("not-the-pin");
    assertThat(keyIds()).isEqualTo(before);
    // The signer key is in the token that refused the login: the bundle is written unsigned.
    Path bundle = r.bundle();
    assertThat(bundle).isNotNull();
    assertThat(Files.exists(bundle.resolve("transcript.jsonl"))).isTrue();
    assertThat(Files.exists(bundle.resolve("transcript.sig"))).isFalse();
    String transcript = Files.readString(bundle.resolve("transcript.jsonl"));
    assertThat(transcript).doesNotContain("not-the-pin");
    JsonNode opened = Bundles.last(bundle, "ceremony.opened");
    assertThat(opened.path("signer").path("unavailable").asBoolean()).isTrue();
    assertThat(opened.path("signer").path("reason").asText())
        .contains("could not be used")
        .contains("HSM_PIN_INCORRECT");
    assertThat(opened.path("name").asText()).isNotEmpty();
    JsonNode error = Bundles.last(bundle, "error");
    assertThat(error.get("cause").asText()).isEqualTo("HSM_PIN_INCORRECT");
    assertThat(error.get("fix").asText()).contains("hsm.user-pin");

    ItCeremony.Cli v = ItCeremony.main("transcript", "verify", bundle.toString());
    assertThat(v.exit()).isEqualTo(ExitCodes.TRANSCRIPT_UNSIGNED);
    assertThat(v.out())
        .startsWith(
            "Ceremony FAILED at hsm-login (HSM_PIN_INCORRECT); chain intact but NOT"
                + " SIGNED (the transcript signer key");
    Files.writeString(
        bundle.resolve("transcript.jsonl"),
        transcript.replaceFirst("HSM_PIN_INCORRECT", "HSM_PIN_LOCKED"));
    ItCeremony.Cli tampered = ItCeremony.main("transcript", "verify", bundle.toString());
    assertThat(tampered.exit()).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
  }

  @Test
  void unsetPinVariable_namesTheVariableNotAnExceptionClass() throws Exception {
    String yaml =
        yaml(ItCeremony.create("HMAC_256"), "auto", ItCeremony.EXPIRES_30D)
            .replace(
                "user-pin: file:" + ItCeremony.pinFile("user"),
                "user-pin: env:CEREMONY_IT_NO_SUCH_PIN_VARIABLE");
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).isEqualTo(ExitCodes.SETUP_FAILED);
    assertThat(r.err())
        .contains("env:CEREMONY_IT_NO_SUCH_PIN_VARIABLE: the variable is not set")
        .doesNotContain("IllegalArgumentException");
    JsonNode opened = Bundles.last(r.bundle(), "ceremony.opened");
    assertThat(opened.path("signer").path("reason").asText())
        .contains("could not be used: PIN source env:CEREMONY_IT_NO_SUCH_PIN_VARIABLE");
  }

  @Test
  @Raises(FailCause.SIGNER_NOT_FOUND)
  void missingSignerKey_saysHowToCreateItOnce() throws Exception {
    String yaml =
        yaml(ItCeremony.create("HMAC_256"), "auto", ItCeremony.EXPIRES_30D)
            .replace("  signer: " + ItCeremony.SIGNER, "  signer: it-no-such-signer");
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).isEqualTo(ExitCodes.SETUP_FAILED);
    String fix = "create it with: ./ceremony hsm create-signer --label it-no-such-signer";
    assertThat(r.err()).contains(fix);
    assertThat(r.err().indexOf(fix)).isEqualTo(r.err().lastIndexOf(fix));
    JsonNode e = Bundles.last(r.bundle(), "error");
    assertThat(e.get("step").asText()).isEqualTo("signer");
    assertThat(e.get("cause").asText()).isEqualTo("SIGNER_NOT_FOUND");
    assertThat(e.get("fix").asText()).isEqualTo(fix);
    assertThat(Files.readString(r.bundle().resolve("transcript.jsonl")))
        .doesNotContain("\"type\":\"intent\"");
  }

  @Test
  void validToInThePastOrTooFar_refused() throws Exception {
    ItCeremony.Cli past =
        ItCeremony.run(
            dir,
            yaml(
                ItCeremony.create("HMAC_256"),
                "auto",
                "  model: KEY_MATERIAL_EXPIRES\n  valid-to: 2020-01-01T00:00:00Z"));
    assertThat(past.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(past.err()).contains("expiration.valid-to: '2020-01-01T00:00:00Z' is in the past");
    ItCeremony.Cli far =
        ItCeremony.run(
            dir,
            yaml(
                ItCeremony.create("HMAC_256"),
                "auto",
                "  model: KEY_MATERIAL_EXPIRES\n  valid-for: 400d"));
    assertThat(far.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(far.err()).contains("expiration.valid-for: '400d' is out of range");
  }

  @Test
  void algorithmTheKeySpecDoesNotAllow_refused() throws Exception {
    ItCeremony.Cli r =
        ItCeremony.run(
            dir, yaml(ItCeremony.create("RSA_2048"), "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "wrapping.algorithm: KMS does not accept RSAES_OAEP_SHA_1 for"
                + " RSA_2048 key material; allowed: [RSA_AES_KEY_WRAP_SHA_256, RSA_AES_KEY_WRAP_SHA_1]");
  }

  @Test
  void algorithmTheTokenFailedInSelfTest_recordedBeforeAnyChange() throws Exception {
    ItCeremony.Cli r =
        ItCeremony.run(
            dir,
            yaml(
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "RSAES_OAEP_SHA_256",
                ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err())
        .contains("wrapping.algorithm: RSAES_OAEP_SHA_256 failed the token's" + " self-test")
        .contains("use auto, or one that passed: RSAES_OAEP_SHA_1");
    JsonNode e = recordedError(r);
    assertThat(e.get("cause").asText()).isEqualTo("SELF_TEST");
    assertThat(Bundles.last(r.bundle(), "ceremony.sealed").has("keyId")).isFalse();
  }

  @Test
  void privateKeyWithDirectOaep_tokenCannotWrap_stopsInPreflightWithNoKmsKey() throws Exception {
    List<String> before = keyIds();
    ItCeremony.Cli r =
        ItCeremony.run(
            dir,
            yaml(ItCeremony.create("ECC_NIST_P256"), "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    // SoftHSM 2.6.1 passes the AES self-test of RSAES_OAEP_SHA_1 but cannot OAEP-wrap a private
    // key: the trial wrap of a session EC key finds that before CreateKey.
    JsonNode e = recordedError(r);
    assertThat(e.get("step").asText()).isEqualTo("preflight");
    assertThat(e.get("cause").asText()).isEqualTo("WRAP_PROOF");
    assertThat(e.get("message").asText())
        .contains(
            "RSAES_OAEP_SHA_1 passed the token's"
                + " self-test, but a trial wrap of a throwaway ECC_NIST_P256 session object failed");
    assertThat(e.get("fix").asText()).contains("RSA_AES_KEY_WRAP_SHA_1");
    assertThat(e.toString()).contains("materialProofs");
    assertThat(Bundles.last(r.bundle(), "ceremony.sealed").has("keyId")).isFalse();
    assertThat(keyIds()).isEqualTo(before);
  }

  @Test
  void kmsEndpointOnAClosedPort_stopsInPreflight_signedTranscriptNamesEndpointAndFix()
      throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    String yaml =
        yaml(ItCeremony.create("HMAC_256"), "auto", ItCeremony.EXPIRES_30D)
            .replace("  endpoint: " + kms.endpoint(), "  endpoint: " + endpoint);
    assertThat(yaml).contains("endpoint: " + endpoint);
    List<String> before = keyIds();
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    // The ceremony started (signed transcript open) and its first KMS call found nothing there.
    assertThat(r.exit()).as(r.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("KMS_UNREACHABLE").contains(endpoint);
    assertThat(keyIds()).isEqualTo(before);
    JsonNode e = recordedError(r);
    assertThat(e.get("step").asText()).isEqualTo("preflight");
    assertThat(e.get("cause").asText()).isEqualTo("KMS_UNREACHABLE");
    assertThat(e.get("message").asText())
        .contains("no answer from KMS at " + endpoint)
        .contains("Connection refused");
    assertThat(e.get("fix").asText())
        .startsWith("check kms.endpoint (" + endpoint + ")")
        .contains("./ceremony local-kms");
    ItCeremony.Cli v =
        ItCeremony.main(
            "transcript",
            "verify",
            r.bundle().toString(),
            "--signer-fingerprint",
            Bundles.last(r.bundle(), "ceremony.opened")
                .path("signer")
                .path("fingerprintSha256")
                .asText());
    assertThat(v.exit()).as(v.all()).isEqualTo(ExitCodes.TRANSCRIPT_CEREMONY_FAILED);
    assertThat(v.out())
        .startsWith("Ceremony FAILED at preflight (KMS_UNREACHABLE); integrity OK; signer pinned");
  }

  @Test
  @Raises(FailCause.KMS_CONFIG)
  void kmsProfileThatDoesNotExist_recordedInASignedTranscript_setupFailed() throws Exception {
    String profile = "it-no-such-profile-" + ItCeremony.uniq();
    String yaml =
        yaml(ItCeremony.create("HMAC_256"), "auto", ItCeremony.EXPIRES_30D)
            .replace("  endpoint: " + kms.endpoint(), "  region: eu-west-1\n  profile: " + profile);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isEqualTo(ExitCodes.SETUP_FAILED);
    assertThat(r.err())
        .contains("The config profile (" + profile + ") could not be found")
        .contains("Recorded in the signed transcript")
        .contains("Nothing was changed");
    Path bundle = r.bundle();
    assertThat(bundle).isNotNull();
    assertThat(Files.exists(bundle.resolve("transcript.sig"))).isTrue();
    JsonNode e = Bundles.last(bundle, "error");
    assertThat(e.get("step").asText()).isEqualTo("kms-connect");
    assertThat(e.get("cause").asText()).isEqualTo("KMS_CONFIG");
    assertThat(e.get("message").asText()).contains(profile);
    assertThat(e.get("fix").asText()).contains("kms.profile (" + profile + ")");
    ItCeremony.Cli v = ItCeremony.main("transcript", "verify", bundle.toString());
    assertThat(v.exit()).as(v.all()).isEqualTo(ExitCodes.TRANSCRIPT_SIGNER_NOT_PINNED);
    assertThat(v.out())
        .startsWith(
            "Ceremony FAILED at kms-connect (KMS_CONFIG); integrity OK; signature valid,"
                + " signer NOT PINNED");
  }
}
