package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.ceremony.script.Usage;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KmsException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per fail-closed cause ({@link FailCause}): a fake HSM or KMS lies in exactly the way
 * that the check exists for, and the test asserts the cause, the step, that nothing after the
 * failing point happened, and that the journal's {@code error} (and {@code ceremony.sealed})
 * entry carries the cause and whether it is retryable. {@link #everyCauseHasItsTest} fails when a
 * constant has no test marked {@link Raises}.
 */
class FailCauseTest {
  static final String ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String MRK = "mrk-" + "0123456789abcdef".repeat(2);
  /**
   * The causes that another attempt ({@code resume}) may get past; every other one is final.
   * Written out here, not read from the enum, so that a changed classification fails a test.
   */
  static final Set<FailCause> RETRYABLE =
      EnumSet.of(FailCause.KMS_UNREACHABLE, FailCause.PARAMETERS_EXPIRED);
  /**
   * Causes that only a real part can raise, with the integration test that does: the signer is
   * looked up, and the KMS client built, by the workflow on a real PKCS#11 module.
   */
  static final List<Class<?>> OTHER_TESTS = List.of(classOf("dev.keyceremony.cli.BadInputIT"));

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  FakeHsmSession hsm = new FakeHsmSession();
  FakeKms kms = new FakeKms(clock);
  FakeJournal journal = new FakeJournal();

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  static Class<?> classOf(String name) {
    try {
      return Class.forName(name, false, FailCauseTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name + " is gone: move its @Raises tests here or name the new"
          + " class in OTHER_TESTS", e);
    }
  }

  @Test
  void everyCauseHasItsTest() {
    Map<FailCause, String> tests = new EnumMap<>(FailCause.class);
    List<Class<?>> classes = new java.util.ArrayList<>(List.of(FailCauseTest.class));
    classes.addAll(OTHER_TESTS);
    for (Class<?> c : classes) {
      for (Method m : c.getDeclaredMethods()) {
        Raises r = m.getAnnotation(Raises.class);
        if (r != null) {
          assertThat(m.isAnnotationPresent(Test.class)).as(m + " is marked @Raises but is not a"
              + " @Test").isTrue();
          String earlier = tests.put(r.value(), c.getSimpleName() + "#" + m.getName());
          assertThat(earlier).as(r.value() + " has two tests: " + earlier + " and "
              + m.getName()).isNull();
        }
      }
    }
    assertThat(Arrays.stream(FailCause.values()).filter(c -> !tests.containsKey(c)))
        .as("fail-closed causes without a test that makes a fake lie so (add one marked"
            + " @Raises(FailCause.X) to FailCauseTest)").isEmpty();
  }

  /** The auditors' table lists no cause that nothing raises. */
  @Test
  void everyCauseIsRaisedByMainCode() throws IOException {
    Path main = Path.of(System.getProperty("ceremony.projectDir", ".")).resolve("src/main/java");
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(main)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")
          && !f.getFileName().toString().equals("FailCause.java")).toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    String code = all.toString();
    assertThat(Arrays.stream(FailCause.values())
        .filter(c -> !code.contains("FailCause." + c.name())))
        .as("FailCause constants that no code under src/main raises").isEmpty();
  }

  // ------------------------------------------------------------------------------ harness

  CeremonyScript parse(String yaml) {
    return new ScriptParser(clock, "run1").parse(yaml, "t.yaml", dir);
  }

  static String script(String keyBlock, String material, String algorithm) {
    return CeremonyTest.script(keyBlock, material, algorithm);
  }

  static String create(String spec) {
    return CeremonyTest.create(spec);
  }

  CeremonyContext ctx(CeremonyScript s, Participants p) {
    return new CeremonyContext(s, hsm, kms, journal, p, clock, new SecureRandom(), x -> {
      throw new AssertionError("no PIN needed");
    }, Map.of("tool", "test"), new CeremonyControl("t-run1", "out/t-run1", () -> false,
        Resumption.NONE));
  }

  Outcome run(CeremonyScript s) {
    return run(s, new ScriptedParticipants(s.acknowledgements(), clock));
  }

  Outcome run(CeremonyScript s, Participants p) {
    return new Ceremony(ctx(s, p)).run();
  }

  /** The script's pre-recorded answers; a test overrides one method to lie. */
  class Scripted implements Participants {
    final ScriptedParticipants d;

    Scripted(CeremonyScript s) {
      d = new ScriptedParticipants(s.acknowledgements(), clock);
    }

    @Override
    public String mode() {
      return d.mode();
    }

    @Override
    public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
      return d.approvals(roles, plan);
    }

    @Override
    public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
      return d.confirmations(roles, f);
    }
  }

  /** A KMS key as DescribeKey shows it before any ceremony touched it. */
  FakeKms.Key existing(String id, KeySpec spec, String origin, String state) {
    FakeKms.Key k = new FakeKms.Key();
    k.id = id;
    k.spec = spec;
    k.usage = Usage.forSpec(spec);
    k.origin = origin;
    k.state = state;
    kms.keys.put(id, k);
    return k;
  }

  /** A first ceremony that succeeded; the fakes' call lists and the journal start afresh. */
  Outcome succeeded(String spec, String label) {
    Outcome o = run(parse(script(create(spec), "{generate: " + label + "}", "auto")));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    kms.calls.clear();
    hsm.calls.clear();
    journal.entries.clear();
    return o;
  }

  /**
   * The ceremony stopped in {@code step} with {@code c}; the error entry is the last before the
   * seal, and both carry the cause and whether it is retryable; the enum names the step.
   */
  void assertStopped(Outcome o, FailCause c, String step) {
    assertThat(c.retryable()).as("FailCause." + c + ".retryable()")
        .isEqualTo(RETRYABLE.contains(c));
    String code = c == FailCause.KMS_REFUSED ? "IncorrectKeyMaterialException" : c.name();
    assertThat(o.succeeded()).isFalse();
    assertThat(o.causeCode()).as(o.message()).isEqualTo(code);
    assertThat(o.failedStep()).isEqualTo(step);
    List<String> types = journal.types();
    assertThat(types.subList(types.size() - 2, types.size()))
        .containsExactly("error", "ceremony.sealed");
    Map<String, Object> err = journal.last("error").data();
    assertThat(err).containsEntry("step", step).containsEntry("cause", code)
        .containsEntry("retryable", c.retryable()).containsEntry("message", o.message());
    assertThat((String) err.get("fix")).isNotBlank();
    assertThat(journal.last("ceremony.sealed").data()).containsEntry("outcome", "failed")
        .containsEntry("failedStep", step).containsEntry("cause", code)
        .containsEntry("retryable", c.retryable());
    assertThat(c.steps()).as("FailCause." + c + ".steps()").contains(step);
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  /** As {@link #assertStopped} for a phase of an air-gapped ceremony (no seal in the phase). */
  void assertStopped(AirGapPhases.Result r, FailCause c, String step) {
    assertThat(c.retryable()).as("FailCause." + c + ".retryable()")
        .isEqualTo(RETRYABLE.contains(c));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.cause()).as(r.message()).isEqualTo(c.name());
    assertThat(r.failedStep()).isEqualTo(step);
    assertThat(r.fix()).isNotBlank();
    assertThat(journal.types().get(journal.types().size() - 1)).isEqualTo("error");
    assertThat(journal.last("error").data()).containsEntry("step", step)
        .containsEntry("cause", c.name()).containsEntry("retryable", c.retryable());
    assertThat(c.steps()).as("FailCause." + c + ".steps()").contains(step);
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  static long count(List<String> calls, String op) {
    return calls.stream().filter(op::equals).count();
  }

  // ------------------------------------------------------------------------------ preflight

  @Test
  @Raises(FailCause.TRUSTED_MODE)
  void trustedMode_tokenWhoseSecurityOfficerCannotCreateTrustedKeys_stopsBeforeKms() {
    hsm.trustedModeObstacle = java.util.Optional.of("the token cannot create CKA_TRUSTED keys");
    CeremonyScript s = parse(CeremonyTest.trusted(script(create("SYMMETRIC_DEFAULT"),
        "{generate: m}", "auto")));
    Outcome o = run(s);
    assertStopped(o, FailCause.TRUSTED_MODE, "preflight");
    assertThat(o.message()).contains("cannot create CKA_TRUSTED keys");
    assertThat(kms.calls).isEmpty();
    assertThat(hsm.calls).doesNotContain("generate", "importTrustedWrappingKey");
  }

  @Test
  @Raises(FailCause.KMS_UNREACHABLE)
  void kmsUnreachable_noHttpAnswer_stopsRetryablyInPreflight() {
    kms.failures.put("ListKeys", new KmsException("ListKeys", "SdkClientException",
        "Connection refused", null, 0));
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.KMS_UNREACHABLE, "preflight");
    assertThat(o.message()).contains("no answer from KMS at http://fake");
    assertThat(kms.calls).containsExactly("ListKeys");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.ALIAS_EXISTS)
  void aliasExists_pointingAtAnotherKey_stopsBeforeCreateKey() {
    existing(ID, KeySpec.HMAC_256, "EXTERNAL", "PendingImport");
    kms.aliases.put("alias/t", ID);
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.ALIAS_EXISTS, "preflight");
    assertThat(o.message()).contains("alias/t").contains(ID);
    assertThat(kms.calls).doesNotContain("CreateKey", "CreateAlias");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.NOT_EXTERNAL)
  void notExternal_keyWithOriginAwsKms_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "AWS_KMS", "Enabled");
    Outcome o = run(parse(script("  existing: " + ID, "{generate: m}", "auto")));
    assertStopped(o, FailCause.NOT_EXTERNAL, "preflight");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
  }

  @Test
  @Raises(FailCause.KEY_HAS_MATERIAL)
  void keyHasMaterial_enabledKeyAndNewMaterial_stopsBeforeGenerating() {
    Outcome first = succeeded("HMAC_256", "a");
    Outcome o = run(parse(script("  existing: " + first.keyId(), "{generate: b}", "auto")));
    assertStopped(o, FailCause.KEY_HAS_MATERIAL, "preflight");
    assertThat(hsm.objects).doesNotContainKey("b");
    assertThat(kms.calls).doesNotContain("GetParametersForImport", "ImportKeyMaterial");
  }

  @Test
  @Raises(FailCause.KEY_STATE)
  void keyState_keyPendingDeletion_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingDeletion");
    Outcome o = run(parse(script("  existing: " + ID, "{generate: m}", "auto")));
    assertStopped(o, FailCause.KEY_STATE, "preflight");
    assertThat(o.message()).contains("is in state PendingDeletion");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.USAGE)
  void usage_symmetricKeyForSigning_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport").usage = "SIGN_VERIFY";
    Outcome o = run(parse(script("  existing: " + ID, "{generate: m}", "auto")));
    assertStopped(o, FailCause.USAGE, "preflight");
    assertThat(o.message()).contains("has KeyUsage SIGN_VERIFY");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.SPEC)
  void spec_keySpecThatTakesNoImport_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    kms.lies.put("DescribeKey", k -> FakeKms.with(k, "keySpec", "SM2"));
    Outcome o = run(parse(script("  existing: " + ID, "{generate: m}", "auto")));
    assertStopped(o, FailCause.SPEC, "preflight");
    assertThat(o.message()).contains("has KeySpec SM2");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
  }

  @Test
  @Raises(FailCause.INCOMPATIBLE)
  void incompatible_symmetricKeyWithRsaAesKeyWrap_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    Outcome o = run(parse(script("  existing: " + ID, "{generate: m}",
        "RSA_AES_KEY_WRAP_SHA_1")));
    assertStopped(o, FailCause.INCOMPATIBLE, "preflight");
    assertThat(o.message()).startsWith("wrapping.algorithm: ");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("proveWrap", "generate");
  }

  @Test
  @Raises(FailCause.SELF_TEST)
  void selfTest_algorithmTheTokenFailed_stopsInPreflight() {
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}",
        "RSAES_OAEP_SHA_256")));
    assertStopped(o, FailCause.SELF_TEST, "preflight");
    assertThat(o.message()).contains("RSAES_OAEP_SHA_256 failed the token's self-test");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("proveWrap", "generate");
  }

  @Test
  @Raises(FailCause.WRAP_PROOF)
  void wrapProof_trialWrapOfThisMaterialFails_stopsInPreflight() {
    Outcome o = run(parse(script(create("ECC_NIST_P256"), "{generate: m}",
        "RSAES_OAEP_SHA_1")));
    assertStopped(o, FailCause.WRAP_PROOF, "preflight");
    assertThat(o.message()).contains("CKR_KEY_NOT_WRAPPABLE");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
  }

  @Test
  @Raises(FailCause.LABEL_EXISTS)
  void labelExists_tokenHasAnObjectWithThatLabel_stopsBeforeGenerating() {
    hsm.generate(new GenerateRequest(KeySpec.HMAC_256, "taken", false));
    hsm.calls.clear();
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: taken}", "auto")));
    assertStopped(o, FailCause.LABEL_EXISTS, "preflight");
    assertThat(o.message()).contains("'taken'");
    assertThat(kms.calls).doesNotContain("CreateKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.MATERIAL_NOT_FOUND)
  void materialNotFound_existingLabelNotInToken_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    Outcome o = run(parse(script("  existing: " + ID, "{existing: gone}", "auto")));
    assertStopped(o, FailCause.MATERIAL_NOT_FOUND, "preflight");
    assertThat(o.message()).contains("'gone'");
    assertThat(kms.calls).doesNotContain("GetParametersForImport");
    assertThat(hsm.calls).doesNotContain("generate", "importWrappingKey");
  }

  @Test
  @Raises(FailCause.MATERIAL_ID_MISMATCH)
  void materialIdMismatch_labelFoundWithAnotherCkaId_stopsInPreflight() {
    existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    hsm.generate(new GenerateRequest(KeySpec.SYMMETRIC_DEFAULT, "orig", false));
    Outcome o = run(parse(script("  existing: " + ID, "{existing: orig, id: 'ffff'}", "auto")));
    assertStopped(o, FailCause.MATERIAL_ID_MISMATCH, "preflight");
    assertThat(o.message()).contains("has CKA_ID 0001, not ffff");
    assertThat(kms.calls).doesNotContain("GetParametersForImport");
    assertThat(hsm.calls).doesNotContain("importWrappingKey", "wrap");
  }

  @Test
  @Raises(FailCause.ROTATION_NOT_SUPPORTED)
  void rotationNotSupported_hmacKey_stopsInPreflight() {
    existing(ID, KeySpec.HMAC_256, "EXTERNAL", "Enabled");
    Outcome o = run(parse(script("  rotate: {existing: " + ID + "}", "{generate: m}", "auto")));
    assertStopped(o, FailCause.ROTATION_NOT_SUPPORTED, "preflight");
    assertThat(o.message()).contains("has KeySpec HMAC_256");
    assertThat(kms.calls).doesNotContain("GetParametersForImport");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.ROTATION_PENDING)
  void rotationPending_keyWithAStagedMaterial_stopsInPreflight() {
    FakeKms.Key k = existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "Enabled");
    k.material = new byte[32];
    k.materialId = "aa".repeat(32);
    k.model = "KEY_MATERIAL_DOES_NOT_EXPIRE";
    k.pending = new byte[32];
    k.pendingId = "bb".repeat(32);
    Outcome o = run(parse(script("  rotate: {existing: " + ID + "}", "{generate: m}", "auto")));
    assertStopped(o, FailCause.ROTATION_PENDING, "preflight");
    assertThat(o.message()).contains("bb".repeat(32) + " in state PENDING_ROTATION");
    assertThat(kms.calls).doesNotContain("GetParametersForImport");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  // ------------------------------------------------------------------------------ approvals

  @Test
  @Raises(FailCause.NOT_APPROVED)
  void notApproved_aCustodianDeclines_stopsBeforeCreateKey() {
    CeremonyScript s = parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto"));
    Outcome o = run(s, new Scripted(s) {
      @Override
      public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
        return List.of(new Acknowledgement("custodian", "carol", "approved", clock.instant(),
            "t"), new Acknowledgement("custodian", "chris", "declined", clock.instant(), "t"));
      }
    });
    assertStopped(o, FailCause.NOT_APPROVED, "approvals");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.APPROVAL_REQUEST_MISMATCH)
  void approvalRequestMismatch_presignedRequestForAnotherPlan_stopsBeforeCreateKey() {
    CeremonyScript s = parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto"));
    ApprovalRequest other = ApprovalRequest.create(List.of("1. a plan for another ceremony"),
        clock, new SecureRandom(), Duration.ofHours(1));
    PresignedApprovals pre = new PresignedApprovals("approvals/approval-request.txt", other,
        List.of(), "run1");
    Outcome o = run(s, new ScriptedParticipants(s.acknowledgements(), clock, pre));
    assertStopped(o, FailCause.APPROVAL_REQUEST_MISMATCH, "approvals");
    assertThat(o.message()).contains("approvals/approval-request.txt is for another plan");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.APPROVAL_REQUEST)
  void approvalRequest_fileThatPlanDidNotWrite_refusedBeforeAnyCeremony() {
    byte[] forged = "Approve this, please\napproval-id: 1\n\n\n\n\n"
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ApprovalRequest.parse(forged, "approvals/approval-request.txt"))
        .isInstanceOfSatisfying(CeremonyFailure.class, f -> {
          assertThat(f.failCause()).isEqualTo(FailCause.APPROVAL_REQUEST);
          assertThat(f.causeCode()).isEqualTo("APPROVAL_REQUEST");
          assertThat(f.getMessage()).contains("approvals/approval-request.txt is not an approval"
              + " request");
          assertThat(f.fix()).contains("./ceremony plan SCRIPT --approval-request FILE");
        });
    ApprovalRequest good = ApprovalRequest.create(List.of("1. x"), clock, new SecureRandom(),
        Duration.ofHours(1));
    byte[] badTime = new String(good.bytes(), StandardCharsets.UTF_8)
        .replaceFirst("created: [^\n]*", "created: yesterday").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ApprovalRequest.parse(badTime, "r.txt"))
        .isInstanceOfSatisfying(CeremonyFailure.class,
            f -> assertThat(f.failCause()).isEqualTo(FailCause.APPROVAL_REQUEST));
    assertThat(FailCause.APPROVAL_REQUEST.steps()).contains("run --approvals DIR");
    assertThat(kms.calls).isEmpty();
  }

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
    kms.parametersLie = p -> new ImportParameters(p.keyArn(), rsa3072, p.importToken(),
        p.parametersValidTo());
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
    Outcome o = run(s, new Scripted(s) {
      @Override
      public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
        return List.of(new Acknowledgement("witness", "wendy", "mismatch", clock.instant(),
            "t"));
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
    hsm.wrapLie = w -> new WrapResult(w.algorithm(), Arrays.copyOf(w.ciphertext(),
        w.ciphertext().length - 1), w.mechanism(), w.warnings());
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.WRAP_UNEXPECTED, "wrap-import");
    assertThat(o.message()).contains("the token returned 255 bytes for RSAES_OAEP_SHA_1 with a"
        + " 256-byte wrapping key");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
  }

  @Test
  @Raises(FailCause.VALID_TO)
  void validTo_passedWhileTheWitnessesCompared_stopsBeforeImport() {
    CeremonyScript s = parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")
        .replace("valid-for: 30d", "valid-to: '2026-11-28T13:00:00Z'"));
    Outcome o = run(s, new Scripted(s) {
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
    KmsException expired = new KmsException("ImportKeyMaterial", "ExpiredImportTokenException",
        "expired", "req-exp", 400);
    kms.queued.put("ImportKeyMaterial", new ArrayDeque<>(List.of(expired, expired, expired,
        expired)));
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
    kms.lies.put("DescribeKey", k -> "Enabled".equals(k.keyState())
        ? FakeKms.with(k, "keyState", "Disabled") : k);
    Outcome o = run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.NOT_ENABLED, "prove");
    assertThat(o.message()).contains("DescribeKey shows KeyState Disabled");
    assertThat(kms.calls).contains("ImportKeyMaterial").doesNotContain("Encrypt", "Decrypt");
  }

  @Test
  @Raises(FailCause.EXPIRATION_MISMATCH)
  void expirationMismatch_enabledKeyWithAnotherValidTo_stopsBeforeTheProof() {
    kms.lies.put("DescribeKey", k -> "Enabled".equals(k.keyState())
        ? FakeKms.withExpiration(k, k.expirationModel(), k.validTo().plus(Duration.ofDays(1)))
        : k);
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.EXPIRATION_MISMATCH, "prove");
    assertThat(journal.last("error").data().get("partial").toString())
        .contains("enabled=true").contains("expirationMatches=false");
    assertThat(kms.calls).contains("ImportKeyMaterial").doesNotContain("GenerateMac");
  }

  @Test
  @Raises(FailCause.KEY_MATERIAL_ID_MISMATCH)
  void keyMaterialIdMismatch_kmsReportsAnotherId_stopsBeforeTheRoundTrip() {
    Outcome first = succeeded("SYMMETRIC_DEFAULT", "orig");
    clock.advance(Duration.ofDays(31));
    String expected = "cd".repeat(32);
    Outcome o = run(parse(script("  existing: " + first.keyId(), "{existing: orig,"
        + " key-material-id: '" + expected + "'}", "auto")));
    assertStopped(o, FailCause.KEY_MATERIAL_ID_MISMATCH, "prove");
    assertThat(o.message()).contains("KMS reports KeyMaterialId " + first.keyMaterialId())
        .contains("not " + expected);
    assertThat(kms.calls).doesNotContain("Encrypt", "Decrypt");
  }

  @Test
  @Raises(FailCause.PROOF_FAILED)
  void proofFailed_macThatDoesNotMatch_stops() {
    hsm.hmacLie = mac -> {
      byte[] b = mac.clone();
      b[0] ^= 1;
      return b;
    };
    Outcome o = run(parse(script(create("HMAC_256"), "{generate: m}", "auto")));
    assertStopped(o, FailCause.PROOF_FAILED, "prove");
    assertThat(o.message()).contains("KMS GenerateMac differs from the HSM's HMAC");
    assertThat(journal.last("error").data().get("partial").toString())
        .contains("macsEqual=false");
    assertThat(journal.types()).doesNotContain("step.prove");
    assertThat(kms.calls.get(kms.calls.size() - 1)).isEqualTo("GenerateMac");
  }

  // ------------------------------------------------------------- multi-Region and rotation

  @Test
  @Raises(FailCause.NOT_MULTI_REGION)
  void notMultiRegion_mrkKeyThatIsNotMultiRegion_stopsBeforeReplicating() {
    existing(MRK, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    Outcome o = run(parse(script("  existing: " + MRK + "\n  replica-regions: [eu-west-1]",
        "{generate: m}", "auto")));
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
    Outcome o = run(parse(script("  existing: " + MRK + "\n  replica-regions: [eu-west-1]",
        "{generate: m}", "auto")));
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
    Outcome o = run(parse(script("  rotate: {existing: " + first.keyId() + "}",
        "{generate: next}", "auto")));
    assertStopped(o, FailCause.ROTATION_UNEXPECTED, "rotate");
    assertThat(o.message()).contains("has CurrentKeyMaterialId " + first.keyMaterialId());
    int rotated = kms.calls.indexOf("RotateKeyOnDemand");
    assertThat(rotated).isPositive();
    assertThat(kms.calls.subList(rotated, kms.calls.size())).doesNotContain("Encrypt");
  }

  @Test
  void rotation_fakeThatDoesNotLie_succeeds() {
    Outcome first = succeeded("SYMMETRIC_DEFAULT", "orig");
    Outcome o = run(parse(script("  rotate: {existing: " + first.keyId() + "}",
        "{generate: next}", "auto")));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    assertThat(journal.last("step.rotate").data()).containsEntry("rotated", true);
  }

  // ------------------------------------------------------------------ air-gapped phases

  @Test
  @Raises(FailCause.ALGORITHM_REQUIRED)
  void algorithmRequired_prepareWithAuto_stopsBeforeCreateKey() {
    CeremonyScript s = parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto"));
    AirGapPhases.Result r = new AirGapPhases(ctx(s, new ScriptedParticipants(
        s.acknowledgements(), clock))).prepare();
    assertStopped(r, FailCause.ALGORITHM_REQUIRED, "preflight");
    assertThat(kms.calls).doesNotContain("CreateKey", "GetParametersForImport");
    assertThat(hsm.calls).isEmpty();
  }

  /** Facts as prepare leaves them for wrap: a key, and parameters for {@code algorithm}. */
  AirGapFacts prepared(WrappingAlgorithm algorithm) {
    FakeKms.Key k = existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    ImportParameters p = kms.getParametersForImport(k.id, algorithm, WrappingKeySpec.RSA_2048)
        .value();
    kms.calls.clear();
    return new AirGapFacts(ID, KeySpec.SYMMETRIC_DEFAULT, algorithm, p, null, null, false, null,
        null);
  }

  @Test
  @Raises(FailCause.ALGORITHM_MISMATCH)
  void algorithmMismatch_tokenWouldWrapWithAnotherAlgorithmThanPrepared_stopsBeforeGenerating() {
    AirGapFacts f = prepared(WrappingAlgorithm.RSAES_OAEP_SHA_256);
    CeremonyScript s = parse(script("  existing: " + ID, "{generate: m}", "RSAES_OAEP_SHA_1"));
    AirGapPhases.Result r = new AirGapPhases(ctx(s, new ScriptedParticipants(
        s.acknowledgements(), clock))).wrap(f, new AirGapPhases.WrittenDown(null, null),
            "00".repeat(32));
    assertStopped(r, FailCause.ALGORITHM_MISMATCH, "preflight");
    assertThat(r.message()).contains("wrap with RSAES_OAEP_SHA_1, but prepare fetched"
        + " parameters for RSAES_OAEP_SHA_256");
    assertThat(hsm.calls).doesNotContain("importWrappingKey", "generate", "wrap");
    assertThat(kms.calls).isEmpty();
  }

  @Test
  @Raises(FailCause.FINGERPRINT_MISMATCH)
  void fingerprintMismatch_writtenDownFingerprintDiffers_stopsBeforeTheToken() {
    AirGapFacts f = prepared(WrappingAlgorithm.RSAES_OAEP_SHA_1);
    CeremonyScript s = parse(script("  existing: " + ID, "{generate: m}", "RSAES_OAEP_SHA_1"));
    AirGapPhases.Result r = new AirGapPhases(ctx(s, new ScriptedParticipants(
        s.acknowledgements(), clock))).wrap(f, new AirGapPhases.WrittenDown("ab".repeat(32),
            null), "00".repeat(32));
    assertStopped(r, FailCause.FINGERPRINT_MISMATCH, "witness-check");
    assertThat(r.message()).contains("differs from the one computed from the bundle");
    assertThat(hsm.calls).isEmpty();
    assertThat(kms.calls).isEmpty();
  }
}
