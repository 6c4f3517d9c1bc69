package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.kms.KmsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow over Fake ports: step order, entries, fail-closed behaviour, reimport. */
class CeremonyTest {
  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  FakeHsmSession hsm = new FakeHsmSession();
  FakeKms kms = new FakeKms(clock);
  FakeJournal journal = new FakeJournal();
  boolean soPinAllowed;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  static final String ACKS =
      "acknowledgements:\n  approvals: [carol, chris]\n" + "  confirmations: [wendy]\n";

  static String script(String keyBlock, String material, String algorithm) {
    return String.join(
        "\n",
        "name: t",
        "purpose: test",
        "roles: {operator: olivia, custodians: [carol, chris], witnesses: [wendy],"
            + " approvals-required: 2}",
        "hsm: {module: module.so, token: fake-token, user-pin: 'env:PIN'}",
        "kms: {endpoint: 'http://fake'}",
        "key:",
        keyBlock,
        "material: " + material,
        "wrapping: {algorithm: " + algorithm + ", key-spec: RSA_2048}",
        "expiration: {model: KEY_MATERIAL_EXPIRES, valid-for: 30d}",
        "transcript: {out: out, signer: s}",
        ACKS);
  }

  static String create(String spec) {
    return "  create: {spec: " + spec + ", alias: alias/t}";
  }

  CeremonyScript parse(String yaml) {
    return new ScriptParser(clock, "run1").parse(yaml, "t.yaml", dir);
  }

  Outcome run(CeremonyScript s) {
    CeremonyContext ctx =
        new CeremonyContext(
            s,
            hsm,
            kms,
            journal,
            new ScriptedParticipants(s.acknowledgements(), clock),
            clock,
            new SecureRandom(),
            p -> {
              if (!soPinAllowed) {
                throw new AssertionError("no PIN needed");
              }
              return dev.keyceremony.core.Secret.adopt("fake-so-pin".toCharArray());
            },
            Map.of("tool", "test"));
    return new Ceremony(ctx).run();
  }

  static String trusted(String yaml) {
    return yaml.replace("user-pin: 'env:PIN'}", "user-pin: 'env:PIN', so-pin: 'env:SO'}");
  }

  @Test
  void trustedKeyPair_tokenWithoutNativeRsaAes_stopsInPreflightBeforeCreateKey() {
    hsm.nativeRsaAesWrap = false;
    CeremonyScript s =
        parse(trusted(script(create("ECC_NIST_P384"), "{generate: 'ec-{run}'}", "auto")));
    assertThat(s.hsm().trusted()).isTrue();
    Outcome o = run(s);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.failedStep()).isEqualTo("preflight");
    assertThat(o.causeCode()).isEqualTo("TRUSTED_MODE");
    assertThat(o.message())
        .contains("trusted mode leaves no wrapping algorithm for ECC_NIST_P384")
        .contains("RSA_AES_KEY_WRAP_SHA_1")
        .contains("drop trusted mode for key pairs");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate", "importTrustedWrappingKey");
  }

  @Test
  void trustedSymmetric_tokenWithoutNativeRsaAes_autoTakesDirectOaep() {
    hsm.nativeRsaAesWrap = false;
    soPinAllowed = true;
    Outcome o =
        run(parse(trusted(script(create("SYMMETRIC_DEFAULT"), "{generate: 's-{run}'}", "auto"))));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    assertThat(o.algorithm()).isEqualTo(WrappingAlgorithm.RSAES_OAEP_SHA_1.name());
    assertThat(hsm.calls).contains("importTrustedWrappingKey");
    assertThat(hsm.calls).contains("trustedWrapObstacle");
  }

  @Test
  void untrusted_neverAsksForTrustedObstacles() {
    hsm.nativeRsaAesWrap = false;
    Outcome o = run(parse(script(create("ECC_NIST_P384"), "{generate: 'ec-{run}'}", "auto")));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    assertThat(hsm.calls).doesNotContain("trustedWrapObstacle");
  }

  @Test
  void run_symmetric_allStepsInOrderOneEntryEach() {
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: 'sym-{run}'}", "auto")));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    assertThat(journal.types())
        .containsExactly(
            "ceremony.opened",
            "step.preflight",
            "step.approvals",
            "intent",
            "result",
            "intent",
            "result",
            "step.create-key",
            "intent",
            "result",
            "step.parameters",
            "intent",
            "result",
            "step.hsm-prepare",
            "intent",
            "result",
            "step.wrap-import",
            "step.prove",
            "ceremony.sealed");
    assertThat(
            journal.entries.stream()
                .filter(e -> e.type().equals("intent"))
                .map(e -> e.data().get("action")))
        .containsExactly(
            "kms:CreateKey",
            "kms:CreateAlias",
            "kms:GetParametersForImport",
            "hsm:generate",
            "kms:ImportKeyMaterial");
    assertThat(
            journal.entries.stream()
                .filter(e -> e.type().equals("result"))
                .map(e -> e.data().get("status")))
        .containsOnly("done");
    assertThat(kms.calls)
        .containsExactly(
            "ListKeys",
            "DescribeKey",
            "CreateKey",
            "CreateAlias",
            "GetParametersForImport",
            "ImportKeyMaterial",
            "DescribeKey",
            "Encrypt",
            "Decrypt");
    assertThat(hsm.calls)
        .containsExactly(
            "selfTest",
            "proveWrap",
            "listObjects",
            "importWrappingKey",
            "generate",
            "wrap",
            "destroy");
    assertThat(hsm.liveWrappingKeys).isEmpty();
    assertThat(o.algorithm()).isEqualTo("RSAES_OAEP_SHA_1");
    assertThat(o.keyMaterialId()).hasSize(64);
    Map<String, Object> prove = journal.last("step.prove").data();
    assertThat(prove)
        .containsEntry("roundTrip", true)
        .containsEntry("enabled", true)
        .containsEntry("expirationMatches", true)
        .containsKey("hsmAesCmacZeroBlock");
    assertThat((String) prove.get("statement")).contains("not that it is the HSM's");
    for (FakeJournal.Entry e : journal.entries.subList(1, journal.entries.size())) {
      if (!e.type().equals("intent") && !e.type().equals("result")) {
        assertThat(e.data()).containsKeys("durationMs", "kmsRequests");
      }
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reqs =
        (List<Map<String, Object>>) journal.last("step.parameters").data().get("kmsRequests");
    assertThat(reqs)
        .containsExactly(
            Map.of("operation", "GetParametersForImport", "requestId", "GetParametersForImport-4"));
    Map<String, Object> params = journal.last("step.parameters").data();
    assertThat(((String) params.get("fingerprintWords")).split(" ")).hasSize(24);
    assertThat(journal.last("step.approvals").data()).containsEntry("approved", 2L);
    String material = HexFormat.of().formatHex(hsm.objects.get("sym-run1").secret());
    assertThat(journal.entries.toString()).doesNotContain(material);
    assertThat(journal.last("ceremony.sealed").data()).containsEntry("outcome", "succeeded");
  }

  @Test
  void run_hmacEccRsa_proofsPass() {
    for (String spec :
        List.of("HMAC_256", "HMAC_224", "ECC_NIST_P256", "ECC_SECG_P256K1", "RSA_2048")) {
      kms.aliases.clear(); // each ceremony creates alias/t afresh
      Outcome o = run(parse(script(create(spec), "{generate: " + spec + "}", "auto")));
      assertThat(o.succeeded()).as(spec + ": " + o.message()).isTrue();
    }
    assertThat(journal.last("step.prove").data())
        .containsEntry("publicKeysSame", true)
        .containsEntry("kmsSignatureVerifiesUnderHsmKey", true)
        .containsEntry("hsmSignatureVerifiesUnderKmsKey", true);
  }

  @Test
  void run_keyNotExternal_stopsInPreflightAndRecordsIt() {
    var k = new FakeKms.Key();
    k.id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    k.spec = dev.keyceremony.core.KeySpec.SYMMETRIC_DEFAULT;
    k.usage = "ENCRYPT_DECRYPT";
    k.origin = "AWS_KMS";
    k.state = "Enabled";
    kms.keys.put(k.id, k);
    Outcome o = run(parse(script("  existing: " + k.id, "{generate: x}", "auto")));
    assertThat(o.succeeded()).isFalse();
    assertThat(o.causeCode()).isEqualTo("NOT_EXTERNAL");
    assertThat(o.message()).contains("has Origin AWS_KMS");
    assertThat(journal.types()).containsExactly("ceremony.opened", "error", "ceremony.sealed");
    assertThat(journal.last("error").data()).containsEntry("step", "preflight").containsKey("fix");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
  }

  @Test
  void run_explicitAlgorithmFailedSelfTest_stopsBeforeAnyChange() {
    Outcome o =
        run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: x}", "RSAES_OAEP_SHA_256")));
    assertThat(o.causeCode()).isEqualTo("SELF_TEST");
    assertThat(o.message())
        .isEqualTo(
            "wrapping.algorithm: RSAES_OAEP_SHA_256 failed the token's"
                + " self-test (CKR_ARGUMENTS_BAD); use auto, or one that passed: RSAES_OAEP_SHA_1");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
  }

  @Test
  void run_explicitAlgorithmThatCannotWrapThisMaterial_stopsInPreflightBeforeCreateKey() {
    Outcome o = run(parse(script(create("ECC_NIST_P256"), "{generate: x}", "RSAES_OAEP_SHA_1")));
    assertThat(o.causeCode()).isEqualTo("WRAP_PROOF");
    assertThat(o.message())
        .isEqualTo(
            "wrapping.algorithm: RSAES_OAEP_SHA_1 passed the token's"
                + " self-test, but a trial wrap of a throwaway ECC_NIST_P256 session object failed: the"
                + " token cannot wrap ECC_NIST_P256 material with RSAES_OAEP_SHA_1: C_WrapKey returned"
                + " CKR_KEY_NOT_WRAPPABLE; use auto, or another algorithm KMS allows for ECC_NIST_P256:"
                + " RSA_AES_KEY_WRAP_SHA_256, RSA_AES_KEY_WRAP_SHA_1, RSAES_OAEP_SHA_256");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
    Map<String, Object> error = journal.last("error").data();
    assertThat(error.toString()).contains("materialProofs").contains("CKR_KEY_NOT_WRAPPABLE");
  }

  @Test
  void run_autoSkipsAnAlgorithmWhoseTrialWrapFailed() {
    hsm.passing.add(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    hsm.passing.remove(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
    Outcome o = run(parse(script(create("ECC_NIST_P256"), "{generate: x}", "auto")));
    assertThat(o.causeCode()).isEqualTo("SELF_TEST");
    assertThat(o.message())
        .contains("RSAES_OAEP_SHA_256 trial wrap of ECC_NIST_P256: the token" + " cannot wrap");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");

    hsm.passing.add(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
    Outcome ok = run(parse(script(create("ECC_NIST_P256"), "{generate: y}", "auto")));
    assertThat(ok.succeeded()).as(String.valueOf(ok.message())).isTrue();
    assertThat(ok.algorithm()).isEqualTo("RSA_AES_KEY_WRAP_SHA_1");
  }

  @Test
  void run_autoWithNothingPassing_refused() {
    hsm.passing.clear();
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: x}", "auto")));
    assertThat(o.causeCode()).isEqualTo("SELF_TEST");
    assertThat(kms.calls).doesNotContain("CreateKey");
  }

  @Test
  void run_tooFewApprovals_nothingChanged() {
    String yaml = script(create("SYMMETRIC_DEFAULT"), "{generate: x}", "auto");
    CeremonyScript s = parse(yaml);
    CeremonyContext ctx =
        new CeremonyContext(
            s,
            hsm,
            kms,
            journal,
            new Participants() {
              @Override
              public String mode() {
                return "interactive";
              }

              @Override
              public List<Acknowledgement> approvals(
                  dev.keyceremony.ceremony.script.Roles r, List<String> plan) {
                return List.of(
                    new Acknowledgement("custodian", "carol", "approved", clock.instant(), "t"),
                    new Acknowledgement("custodian", "chris", "declined", clock.instant(), "t"));
              }

              @Override
              public List<Acknowledgement> confirmations(
                  dev.keyceremony.ceremony.script.Roles r, Fingerprint f) {
                return List.of();
              }
            },
            clock,
            new SecureRandom(),
            p -> null,
            Map.of());
    Outcome o = new Ceremony(ctx).run();
    assertThat(o.causeCode()).isEqualTo("NOT_APPROVED");
    assertThat(o.message()).startsWith("1 of the 2 custodian approvals required were given");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  void run_kmsErrorDuringImport_recordedWithRequestIdAndSessionObjectDestroyed() {
    kms.failures.put(
        "ImportKeyMaterial",
        new KmsException(
            "ImportKeyMaterial", "InvalidCiphertextException", "cannot decrypt", "req-777", 400));
    Outcome o = run(parse(script(create("HMAC_384"), "{generate: h}", "auto")));
    assertThat(o.causeCode()).isEqualTo("InvalidCiphertextException");
    assertThat(o.failedStep()).isEqualTo("wrap-import");
    assertThat(journal.last("error").data())
        .containsEntry("requestId", "req-777")
        .containsKey("durationMs");
    assertThat(journal.last("error").data().get("kmsRequests").toString())
        .contains("ImportKeyMaterial")
        .contains("req-777");
    assertThat(hsm.liveWrappingKeys).isEmpty();
    assertThat(journal.last("ceremony.sealed").data()).containsEntry("outcome", "failed");
  }

  @Test
  void reimport_afterExpiry_sameMaterialSucceeds_differentMaterialRefused() {
    Outcome first = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: orig}", "auto")));
    assertThat(first.succeeded()).isTrue();
    clock.advance(Duration.ofDays(31));
    String existing = "  existing: " + first.keyId();
    Outcome again = run(parse(script(existing, "{existing: orig}", "auto")));
    assertThat(again.succeeded()).as(String.valueOf(again.message())).isTrue();
    assertThat(journal.last("step.prove").data()).containsEntry("sameMaterialAsBefore", true);
    assertThat(again.keyMaterialId()).isEqualTo(first.keyMaterialId());

    clock.advance(Duration.ofDays(31));
    hsm.generate(
        new dev.keyceremony.hsm.GenerateRequest(
            dev.keyceremony.core.KeySpec.SYMMETRIC_DEFAULT, "other", false));
    Outcome wrong = run(parse(script(existing, "{existing: other}", "auto")));
    assertThat(wrong.succeeded()).isFalse();
    assertThat(wrong.causeCode()).isEqualTo("IncorrectKeyMaterialException");
    assertThat(wrong.message()).contains("HSM object 'other' is not the material first imported");
    assertThat(journal.last("error").data()).containsEntry("requestId", "req-ikm");
  }

  @Test
  void run_enabledKeyWithNewMaterial_refused() {
    Outcome first = run(parse(script(create("HMAC_256"), "{generate: a}", "auto")));
    Outcome o = run(parse(script("  existing: " + first.keyId(), "{generate: b}", "auto")));
    assertThat(o.causeCode()).isEqualTo("KEY_HAS_MATERIAL");
    assertThat(hsm.objects).doesNotContainKey("b");
  }

  @Test
  void plan_readOnly_listsEverySte() {
    CeremonyScript s = parse(script(create("ECC_NIST_P384"), "{generate: e}", "auto"));
    List<String> lines = Ceremony.plan(s, hsm, kms, "non-interactive");
    assertThat(lines).hasSize(8);
    assertThat(lines.get(3))
        .contains("WrappingAlgorithm=" + WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).containsExactly("selfTest", "proveWrap", "listObjects");
    assertThat(hsm.objects).isEmpty();
  }
}
