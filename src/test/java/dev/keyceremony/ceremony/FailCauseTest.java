package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.kms.KmsException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per fail-closed cause ({@link FailCause}): a fake HSM or KMS lies in exactly the way
 * that the check exists for, and the test asserts the cause, the step, that nothing after the
 * failing point happened, and that the journal's {@code error} (and {@code ceremony.sealed}) entry
 * carries the cause and whether it is retryable. {@link #everyCauseHasItsTest} fails when a
 * constant has no test marked {@link Raises}. Here: the guards, preflight and approvals; the later
 * steps are in {@link FailCauseLaterStepsTest}.
 */
class FailCauseTest extends FailCauseHarness {
  /**
   * Causes that only a real part can raise, with the integration test that does: the signer is
   * looked up, and the KMS client built, by the workflow on a real PKCS#11 module.
   */
  static final List<Class<?>> OTHER_TESTS = List.of(classOf("dev.keyceremony.cli.BadInputIT"));

  static Class<?> classOf(String name) {
    try {
      return Class.forName(name, false, FailCauseTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          name + " is gone: move its @Raises tests here or name the new" + " class in OTHER_TESTS",
          e);
    }
  }

  @Test
  void everyCauseHasItsTest() {
    Map<FailCause, String> tests = new EnumMap<>(FailCause.class);
    List<Class<?>> classes =
        new java.util.ArrayList<>(List.of(FailCauseTest.class, FailCauseLaterStepsTest.class));
    classes.addAll(OTHER_TESTS);
    for (Class<?> c : classes) {
      for (Method m : c.getDeclaredMethods()) {
        Raises r = m.getAnnotation(Raises.class);
        if (r != null) {
          assertThat(m.isAnnotationPresent(Test.class))
              .as(m + " is marked @Raises but is not a" + " @Test")
              .isTrue();
          String earlier = tests.put(r.value(), c.getSimpleName() + "#" + m.getName());
          assertThat(earlier)
              .as(r.value() + " has two tests: " + earlier + " and " + m.getName())
              .isNull();
        }
      }
    }
    assertThat(Arrays.stream(FailCause.values()).filter(c -> !tests.containsKey(c)))
        .as(
            "fail-closed causes without a test that makes a fake lie so (add one marked"
                + " @Raises(FailCause.X) to FailCauseTest or FailCauseLaterStepsTest)")
        .isEmpty();
  }

  /** The auditors' table lists no cause that nothing raises. */
  @Test
  void everyCauseIsRaisedByMainCode() throws IOException {
    Path main = Path.of(System.getProperty("ceremony.projectDir", ".")).resolve("src/main/java");
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(main)) {
      for (Path f :
          files
              .filter(
                  f ->
                      f.toString().endsWith(".java")
                          && !f.getFileName().toString().equals("FailCause.java"))
              .toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    String code = all.toString();
    assertThat(
            Arrays.stream(FailCause.values()).filter(c -> !code.contains("FailCause." + c.name())))
        .as("FailCause constants that no code under src/main raises")
        .isEmpty();
  }

  // ------------------------------------------------------------------------------ preflight

  @Test
  @Raises(FailCause.TRUSTED_MODE)
  void trustedMode_tokenWhoseSecurityOfficerCannotCreateTrustedKeys_stopsBeforeKms() {
    hsm.trustedModeObstacle = java.util.Optional.of("the token cannot create CKA_TRUSTED keys");
    CeremonyScript s =
        parse(CeremonyTest.trusted(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "auto")));
    Outcome o = run(s);
    assertStopped(o, FailCause.TRUSTED_MODE, "preflight");
    assertThat(o.message()).contains("cannot create CKA_TRUSTED keys");
    assertThat(kms.calls).isEmpty();
    assertThat(hsm.calls).doesNotContain("generate", "importTrustedWrappingKey");
  }

  @Test
  @Raises(FailCause.KMS_UNREACHABLE)
  void kmsUnreachable_noHttpAnswer_stopsRetryablyInPreflight() {
    kms.failures.put(
        "ListKeys",
        new KmsException("ListKeys", "SdkClientException", "Connection refused", null, 0));
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
    Outcome o = run(parse(script("  existing: " + ID, "{generate: m}", "RSA_AES_KEY_WRAP_SHA_1")));
    assertStopped(o, FailCause.INCOMPATIBLE, "preflight");
    assertThat(o.message()).startsWith("wrapping.algorithm: ");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("proveWrap", "generate");
  }

  @Test
  @Raises(FailCause.SELF_TEST)
  void selfTest_algorithmTheTokenFailed_stopsInPreflight() {
    Outcome o =
        run(parse(script(create("SYMMETRIC_DEFAULT"), "{generate: m}", "RSAES_OAEP_SHA_256")));
    assertStopped(o, FailCause.SELF_TEST, "preflight");
    assertThat(o.message()).contains("RSAES_OAEP_SHA_256 failed the token's self-test");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("proveWrap", "generate");
  }

  @Test
  @Raises(FailCause.WRAP_PROOF)
  void wrapProof_trialWrapOfThisMaterialFails_stopsInPreflight() {
    Outcome o = run(parse(script(create("ECC_NIST_P256"), "{generate: m}", "RSAES_OAEP_SHA_1")));
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
    Outcome o =
        run(
            s,
            new Scripted(s) {
              @Override
              public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
                return List.of(
                    new Acknowledgement("custodian", "carol", "approved", clock.instant(), "t"),
                    new Acknowledgement("custodian", "chris", "declined", clock.instant(), "t"));
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
    ApprovalRequest other =
        ApprovalRequest.create(
            List.of("1. a plan for another ceremony"),
            clock,
            new SecureRandom(),
            Duration.ofHours(1));
    PresignedApprovals pre =
        new PresignedApprovals("approvals/approval-request.txt", other, List.of(), "run1");
    Outcome o = run(s, new ScriptedParticipants(s.acknowledgements(), clock, pre));
    assertStopped(o, FailCause.APPROVAL_REQUEST_MISMATCH, "approvals");
    assertThat(o.message()).contains("approvals/approval-request.txt is for another plan");
    assertThat(kms.calls).containsExactly("ListKeys", "DescribeKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  @Raises(FailCause.APPROVAL_REQUEST)
  void approvalRequest_fileThatPlanDidNotWrite_refusedBeforeAnyCeremony() {
    byte[] forged =
        "Approve this, please\napproval-id: 1\n\n\n\n\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ApprovalRequest.parse(forged, "approvals/approval-request.txt"))
        .isInstanceOfSatisfying(
            CeremonyFailure.class,
            f -> {
              assertThat(f.failCause()).isEqualTo(FailCause.APPROVAL_REQUEST);
              assertThat(f.causeCode()).isEqualTo("APPROVAL_REQUEST");
              assertThat(f.getMessage())
                  .contains("approvals/approval-request.txt is not an approval" + " request");
              assertThat(f.fix()).contains("./ceremony plan SCRIPT --approval-request FILE");
            });
    ApprovalRequest good =
        ApprovalRequest.create(List.of("1. x"), clock, new SecureRandom(), Duration.ofHours(1));
    byte[] badTime =
        new String(good.bytes(), StandardCharsets.UTF_8)
            .replaceFirst("created: [^\n]*", "created: yesterday")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ApprovalRequest.parse(badTime, "r.txt"))
        .isInstanceOfSatisfying(
            CeremonyFailure.class,
            f -> assertThat(f.failCause()).isEqualTo(FailCause.APPROVAL_REQUEST));
    assertThat(FailCause.APPROVAL_REQUEST.steps()).contains("run --approvals DIR");
    assertThat(kms.calls).isEmpty();
  }
}
