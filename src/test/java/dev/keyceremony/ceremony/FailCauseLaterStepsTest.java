package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KmsException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per fail-closed cause of the steps after approvals (create-key to rotate, and the
 * air-gapped phases), each through a fake that lies; see {@link FailCauseTest}.
 */
class FailCauseLaterStepsTest extends FailCauseHarness {
  // ------------------------------------------------------------------ create-key, parameters

  @Test
  @Raises(FailCause.CREATE_KEY_UNEXPECTED)
  void createKeyUnexpected_createKeyAnswersOriginAwsKms_stopsBeforeTheAliasAndParameters() {
    kms.lies.put("CreateKey", k -> FakeKms.with(k, "origin", "AWS_KMS"));
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.CREATE_KEY_UNEXPECTED, "create-key");
    assertThat(o.message()).contains("with Origin AWS_KMS");
    assertThat(kms.calls).doesNotContain("CreateAlias", "GetParametersForImport");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
  }

  @Test
  @Raises(FailCause.WRAPPING_KEY)
  void wrappingKey_parametersWithAWrappingKeyOfAnotherSize_stopsBeforeTheToken() {
    byte[] rsa3072 = FakeKms.wrappingPair(WrappingKeySpec.RSA_3072).getPublic().getEncoded();
    kms.parametersLie =
        p -> new ImportParameters(p.keyArn(), rsa3072, p.importToken(), p.parametersValidTo());
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.WRAPPING_KEY, "parameters");
    assertThat(o.message()).contains("an RSA key of 3072 bits; 2048 were requested");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
    assertThat(hsm.calls).doesNotContain("importWrappingKey", "generate", "wrap");
    assertThat(journal.types()).doesNotContain("step.parameters");
  }

  @Test
  @Raises(FailCause.NOT_CONFIRMED)
  void notConfirmed_witnessDoesNotConfirmTheFingerprint_stopsBeforeTheToken() {
    CeremonyScript s = parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto"));
    Outcome o =
        run(
            s,
            new Scripted(s) {
              @Override
              public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
                return List.of(
                    new Acknowledgement("witness", "wendy", "mismatch", clock.instant(), "t"));
              }
            });
    assertStopped(o, FailCause.NOT_CONFIRMED, "parameters");
    assertThat(o.message()).contains("witness wendy did not confirm");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
    assertThat(hsm.calls).doesNotContain("importWrappingKey", "generate", "wrap");
  }

  // ------------------------------------------------------------------ the token and the wrap

  @Test
  @Raises(FailCause.WRAPPING_KEY_MISMATCH)
  void wrappingKeyMismatch_tokenHoldsAnotherWrappingKey_stopsBeforeGeneratingOrWrapping() {
    hsm.wrappingKeyFingerprintLie = "ab".repeat(32);
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.WRAPPING_KEY_MISMATCH, "hsm-prepare");
    assertThat(o.message()).contains("SHA-256 " + "ab".repeat(32));
    assertThat(hsm.calls).doesNotContain("generate", "wrap");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
  }

  @Test
  @Raises(FailCause.NOT_SENSITIVE)
  void notSensitive_generatedObjectNotSensitive_stopsBeforeTheWrap() {
    hsm.sensitive = false;
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.NOT_SENSITIVE, "hsm-prepare");
    assertThat(o.message()).contains("is not CKA_SENSITIVE (reported false)");
    assertThat(hsm.calls).contains("generate").doesNotContain("wrap");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
  }

  @Test
  @Raises(FailCause.WRAP_UNEXPECTED)
  void wrapUnexpected_ciphertextOneByteShort_stopsBeforeImport() {
    hsm.wrapLie =
        w ->
            new WrapResult(
                w.algorithm(),
                Arrays.copyOf(w.ciphertext(), w.ciphertext().length - 1),
                w.mechanism(),
                w.warnings());
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.WRAP_UNEXPECTED, "wrap-import");
    assertThat(o.message())
        .contains(
            "the token returned 255 bytes for RSAES_OAEP_SHA_1 with a" + " 256-byte wrapping key");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
  }

  @Test
  @Raises(FailCause.VALID_TO)
  void validTo_passedWhileTheWitnessesCompared_stopsBeforeImport() {
    CeremonyScript s =
        parse(
            script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")
                .replace("valid-for: 30d", "valid-to: '2026-11-28T13:00:00Z'"));
    Outcome o =
        run(
            s,
            new Scripted(s) {
              @Override
              public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
                clock.advance(Duration.ofHours(2)); // a long comparison
                return super.confirmations(roles, f);
              }
            });
    assertStopped(o, FailCause.VALID_TO, "wrap-import");
    assertThat(o.message()).contains("ValidTo 2026-11-28T13:00:00Z is no longer in the future");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
  }

  @Test
  @Raises(FailCause.PARAMETERS_EXPIRED)
  void parametersExpired_tokenExpiresAtEveryImport_stopsRetryablyAfterTheRefreshes() {
    KmsException expired =
        new KmsException(
            "ImportKeyMaterial", "ExpiredImportTokenException", "expired", "req-exp", 400);
    kms.queued.put(
        "ImportKeyMaterial", new ArrayDeque<>(List.of(expired, expired, expired, expired)));
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.PARAMETERS_EXPIRED, "wrap-import");
    assertThat(count(kms.calls, "ImportKeyMaterial")).isEqualTo(4);
    assertThat(count(hsm.calls, "generate")).isEqualTo(1);
    assertThat(kms.calls).doesNotContain("Encrypt");
  }

  @Test
  @Raises(FailCause.KMS_REFUSED)
  void kmsRefused_reimportOfOtherMaterial_recordsKmsErrorCodeAndStops() {
    Outcome first = succeeded("SYMMETRIC_DEFAULT", "orig");
    clock.advance(Duration.ofDays(31));
    hsm.generate(new GenerateRequest(KeySpec.SYMMETRIC_DEFAULT, "other", false));
    Outcome o = run(parse(script("  existing: " + first.keyId(), "{existing: other}", "auto")));
    assertStopped(o, FailCause.KMS_REFUSED, "wrap-import");
    assertThat(o.message()).contains("HSM object 'other' is not the material first imported");
    assertThat(journal.last("error").data()).containsEntry("requestId", "req-ikm");
    assertThat(kms.calls).doesNotContain("Encrypt", "Decrypt");
  }

  // ------------------------------------------------------------------------------ proof

  @Test
  @Raises(FailCause.NOT_ENABLED)
  void notEnabled_keyNotEnabledAfterImport_stopsBeforeTheProof() {
    kms.lies.put(
        "DescribeKey",
        k -> "Enabled".equals(k.keyState()) ? FakeKms.with(k, "keyState", "Disabled") : k);
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.NOT_ENABLED, "prove");
    assertThat(o.message()).contains("DescribeKey shows KeyState Disabled");
    assertThat(kms.calls).contains("ImportKeyMaterial").doesNotContain("Encrypt", "Decrypt");
  }

  @Test
  @Raises(FailCause.EXPIRATION_MISMATCH)
  void expirationMismatch_enabledKeyWithAnotherValidTo_stopsBeforeTheProof() {
    kms.lies.put(
        "DescribeKey",
        k ->
            "Enabled".equals(k.keyState())
                ? FakeKms.withExpiration(
                    k, k.expirationModel(), k.validTo().plus(Duration.ofDays(1)))
                : k);
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.EXPIRATION_MISMATCH, "prove");
    assertThat(journal.last("error").data().get("partial").toString())
        .contains("enabled=true")
        .contains("expirationMatches=false");
    assertThat(kms.calls).contains("ImportKeyMaterial").doesNotContain("GenerateMac");
  }

  @Test
  @Raises(FailCause.KEY_MATERIAL_ID_MISMATCH)
  void keyMaterialIdMismatch_kmsReportsAnotherId_stopsBeforeTheRoundTrip() {
    Outcome first = succeeded("SYMMETRIC_DEFAULT", "orig");
    clock.advance(Duration.ofDays(31));
    String expected = "cd".repeat(32);
    Outcome o =
        run(
            parse(
                script(
                    "  existing: " + first.keyId(),
                    "{existing: orig," + " key-material-id: '" + expected + "'}",
                    "auto")));
    assertStopped(o, FailCause.KEY_MATERIAL_ID_MISMATCH, "prove");
    assertThat(o.message())
        .contains("KMS reports KeyMaterialId " + first.keyMaterialId())
        .contains("not " + expected);
    assertThat(kms.calls).doesNotContain("Encrypt", "Decrypt");
  }

  @Test
  @Raises(FailCause.PROOF_FAILED)
  void proofFailed_macThatDoesNotMatch_stops() {
    hsm.hmacLie =
        mac -> {
          byte[] b = mac.clone();
          b[0] ^= 1;
          return b;
        };
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.PROOF_FAILED, "prove");
    assertThat(o.message()).contains("KMS GenerateMac differs from the HSM's HMAC");
    assertThat(journal.last("error").data().get("partial").toString()).contains("macsEqual=false");
    assertThat(journal.types()).doesNotContain("step.prove");
    assertThat(kms.calls.get(kms.calls.size() - 1)).isEqualTo("GenerateMac");
  }

  // ------------------------------------------------------------- multi-Region and rotation

  @Test
  @Raises(FailCause.NOT_MULTI_REGION)
  void notMultiRegion_mrkKeyThatIsNotMultiRegion_stopsBeforeReplicating() {
    existing(MRK, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    Outcome o =
        run(
            parse(
                script(
                    "  existing: " + MRK + "\n  replica-regions: [eu-west-1]",
                    "{generate: m}",
                    "auto")));
    assertStopped(o, FailCause.NOT_MULTI_REGION, "replicate");
    assertThat(kms.calls).doesNotContain("ReplicateKey");
    assertThat(count(kms.calls, "GetParametersForImport")).isEqualTo(1);
    assertThat(count(hsm.calls, "wrap")).isEqualTo(1);
  }

  @Test
  @Raises(FailCause.REPLICA_UNEXPECTED)
  void replicaUnexpected_replicaWithOriginAwsKms_stopsBeforeImportingIntoIt() {
    existing(MRK, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport").multiRegion = true;
    FakeKms replica = new FakeKms(clock);
    FakeKms.Key r = new FakeKms.Key();
    r.id = MRK;
    r.spec = KeySpec.SYMMETRIC_DEFAULT;
    r.usage = "ENCRYPT_DECRYPT";
    r.origin = "AWS_KMS";
    r.multiRegion = true;
    replica.keys.put(MRK, r);
    kms.regions.put("eu-west-1", replica);
    Outcome o =
        run(
            parse(
                script(
                    "  existing: " + MRK + "\n  replica-regions: [eu-west-1]",
                    "{generate: m}",
                    "auto")));
    assertStopped(o, FailCause.REPLICA_UNEXPECTED, "replicate");
    assertThat(o.message()).contains("the replica in eu-west-1").contains("Origin AWS_KMS");
    assertThat(replica.calls).doesNotContain("GetParametersForImport", "ImportKeyMaterial");
    assertThat(count(hsm.calls, "wrap")).isEqualTo(1);
  }

  @Test
  @Raises(FailCause.ROTATION_UNEXPECTED)
  void rotationUnexpected_rotateKeyOnDemandChangesNothing_stopsBeforeTheRoundTrip() {
    Outcome first = succeeded("SYMMETRIC_DEFAULT", "orig");
    kms.rotateDoesNothing = true;
    Outcome o =
        run(
            parse(
                script("  rotate: {existing: " + first.keyId() + "}", "{generate: next}", "auto")));
    assertStopped(o, FailCause.ROTATION_UNEXPECTED, "rotate");
    assertThat(o.message()).contains("has CurrentKeyMaterialId " + first.keyMaterialId());
    int rotated = kms.calls.indexOf("RotateKeyOnDemand");
    assertThat(rotated).isPositive();
    assertThat(kms.calls.subList(rotated, kms.calls.size())).doesNotContain("Encrypt");
  }

  @Test
  void rotation_fakeThatDoesNotLie_succeeds() {
    Outcome first = succeeded("SYMMETRIC_DEFAULT", "orig");
    Outcome o =
        run(
            parse(
                script("  rotate: {existing: " + first.keyId() + "}", "{generate: next}", "auto")));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    assertThat(journal.last("step.rotate").data()).containsEntry("rotated", true);
  }

  // ------------------------------------------------------------------ air-gapped phases

  @Test
  @Raises(FailCause.ALGORITHM_REQUIRED)
  void algorithmRequired_prepareWithAuto_stopsBeforeCreateKey() {
    CeremonyScript s = parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto"));
    AirGapPhases.Result r =
        new AirGapPhases(ctx(s, new ScriptedParticipants(s.acknowledgements(), clock))).prepare();
    assertStopped(r, FailCause.ALGORITHM_REQUIRED, "preflight");
    assertThat(kms.calls).doesNotContain("CreateKey", "GetParametersForImport");
    assertThat(hsm.calls).isEmpty();
  }

  @Test
  @Raises(FailCause.ALGORITHM_MISMATCH)
  void algorithmMismatch_tokenWouldWrapWithAnotherAlgorithmThanPrepared_stopsBeforeGenerating() {
    AirGapFacts f = prepared(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    CeremonyScript s = parse(script("  existing: " + ID, "{generate: m}", "RSAES_OAEP_SHA_1"));
    AirGapPhases.Result r =
        new AirGapPhases(ctx(s, new ScriptedParticipants(s.acknowledgements(), clock)))
            .wrap(f, new AirGapPhases.WrittenDown(null, null), "00".repeat(32));
    assertStopped(r, FailCause.ALGORITHM_MISMATCH, "preflight");
    assertThat(r.message())
        .contains(
            "wrap with RSAES_OAEP_SHA_1, but prepare fetched"
                + " parameters for RSAES_OAEP_SHA_256");
    assertThat(hsm.calls).doesNotContain("importWrappingKey", "generate", "wrap");
    assertThat(kms.calls).isEmpty();
  }

  @Test
  @Raises(FailCause.FINGERPRINT_MISMATCH)
  void fingerprintMismatch_writtenDownFingerprintDiffers_stopsBeforeTheToken() {
    AirGapFacts f = prepared(WrappingAlgorithm.RSAES_OAEP_SHA_1);
    CeremonyScript s = parse(script("  existing: " + ID, "{generate: m}", "RSAES_OAEP_SHA_1"));
    AirGapPhases.Result r =
        new AirGapPhases(ctx(s, new ScriptedParticipants(s.acknowledgements(), clock)))
            .wrap(f, new AirGapPhases.WrittenDown("ab".repeat(32), null), "00".repeat(32));
    assertStopped(r, FailCause.FINGERPRINT_MISMATCH, "witness-check");
    assertThat(r.message()).contains("differs from the one computed from the bundle");
    assertThat(hsm.calls).isEmpty();
    assertThat(kms.calls).isEmpty();
  }
}
