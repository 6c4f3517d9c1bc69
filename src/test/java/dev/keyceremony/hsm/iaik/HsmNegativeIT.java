package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.AutoAlgorithm;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrappingKey;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Failure modes against the real token: each must be a clear, classified error. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HsmNegativeIT {
  private IaikHsm hsm;
  private IaikSession session;
  private WrappingKey wk2048;
  private final List<String> labels = new ArrayList<>();

  @BeforeAll
  void open() {
    hsm = IaikHsm.open(ItRig.locator());
    try (Secret pin = ItRig.userPin()) {
      session = (IaikSession) hsm.login(pin);
    }
    wk2048 = session.importWrappingKey(SoftwareUnwrap.rsaKeyPair(2048).getPublic().getEncoded());
  }

  @AfterAll
  void close() {
    labels.forEach(session::destroyTokenObjectsLabelled);
    hsm.close();
  }

  private TargetKey generate(KeySpec spec) {
    String label = ItRig.uniqueLabel("neg");
    labels.add(label);
    return session.generate(new GenerateRequest(spec, label, false));
  }

  private static void assertReason(
      ThrowingCallable call, HsmException.Reason reason, String... parts) {
    var a = assertThatThrownBy(call).isInstanceOf(HsmException.class);
    for (String p : parts) {
      a.hasMessageContaining(p);
    }
    a.extracting(e -> ((HsmException) e).reason()).isEqualTo(reason);
  }

  @Test
  void secondLoginWithAWrongPin_whileLoggedIn_isRefused() {
    try (Secret wrong = Secret.adopt("not-the-pin-4711".toCharArray())) {
      assertReason(
          () -> hsm.login(wrong),
          HsmException.Reason.PIN_INCORRECT,
          "differs from the PIN this process is already logged in with");
    }
    try (Secret pin = ItRig.userPin();
        var s = hsm.login(pin)) {
      assertThat(s.facts().label()).isEqualTo(ItRig.tokenLabel());
    }
    assertThat(session.listObjects()).as("the first session is still logged in").isNotNull();
    assertThat(session.findTarget("it-absent-label", KeySpec.HMAC_256)).isEmpty();
  }

  @Test
  void unknownToken_listsTheExistingTokens() {
    assertReason(
        () -> IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, "no-such-token")),
        HsmException.Reason.TOKEN_NOT_FOUND,
        "no token matches 'no-such-token'",
        "'" + ItRig.tokenLabel() + "' (serial ",
        "model SoftHSM v2");
  }

  @Test
  void tokenBySerialAndUri_isFound() {
    String serial = hsm.facts().serial();
    try (IaikHsm bySerial =
            IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, "serial:" + serial));
        IaikHsm byUri =
            IaikHsm.open(
                new HsmLocator(
                    HsmLocator.SOFTHSM_MODULE,
                    "pkcs11:model=SoftHSM%20v2;token=" + ItRig.tokenLabel()))) {
      assertThat(bySerial.facts().label()).isEqualTo(ItRig.tokenLabel());
      assertThat(byUri.facts().serial()).isEqualTo(serial);
    }
  }

  @Test
  void missingModule_isModuleNotLoadable() {
    assertReason(
        () -> IaikHsm.open(new HsmLocator(Path.of("/nonexistent/libfoo.so"), "x")),
        HsmException.Reason.MODULE_NOT_LOADABLE,
        "/nonexistent/libfoo.so",
        "--module");
  }

  @Test
  void duplicateLabel_isRefused_andTheExistingKeyIsUntouched() {
    TargetKey k = generate(KeySpec.SYMMETRIC_DEFAULT);
    byte[] kcv = session.evidence().aesEcbZeroBlock(k);
    assertReason(
        () -> session.generate(new GenerateRequest(KeySpec.HMAC_256, k.label(), false)),
        HsmException.Reason.LABEL_EXISTS,
        "already has 1 object(s) labelled '" + k.label() + "'");
    assertThat(session.evidence().aesEcbZeroBlock(k)).isEqualTo(kcv);
  }

  @Test
  void findTarget_withAnotherSpec_isKeyMismatch_andUnknownLabelIsEmpty() {
    TargetKey k = generate(KeySpec.HMAC_384);
    assertReason(
        () -> session.findTarget(k.label(), KeySpec.HMAC_512),
        HsmException.Reason.KEY_MISMATCH,
        "is a HMAC_384 key, not HMAC_512");
    assertReason(
        () -> session.findTarget(k.label(), KeySpec.ECC_NIST_P256),
        HsmException.Reason.KEY_MISMATCH,
        "CKO_SECRET_KEY");
    assertThat(session.findTarget("it-never-created-" + k.idHex(), KeySpec.HMAC_384)).isEmpty();
  }

  @Test
  void ecWrappingKey_isRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    assertReason(
        () -> session.importWrappingKey(spki),
        HsmException.Reason.WRAPPING_KEY_REJECTED,
        "EC key (P-384)");
  }

  @Test
  void rsa1024WrappingKey_isRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    assertReason(
        () -> session.importWrappingKey(spki),
        HsmException.Reason.WRAPPING_KEY_REJECTED,
        "RSA-1024");
  }

  @Test
  void awsRejectedPairs_areIncompatible_namingTheRule() {
    TargetKey rsa = generate(KeySpec.RSA_2048);
    assertReason(
        () -> session.wrap(rsa, wk2048, WrappingAlgorithm.RSAES_OAEP_SHA_1),
        HsmException.Reason.INCOMPATIBLE,
        "AWS KMS import matrix",
        "KMS does not accept RSAES_OAEP_SHA_1 for RSA_2048");
    TargetKey p521 = generate(KeySpec.ECC_NIST_P521);
    assertReason(
        () -> session.wrap(p521, wk2048, WrappingAlgorithm.RSAES_OAEP_SHA_256),
        HsmException.Reason.INCOMPATIBLE,
        "ECC_NIST_P521",
        "RSA_2048");
  }

  @Test
  void nativeRsaAesKeyWrapForced_onATokenWithoutIt_isMechanismUnavailable() {
    TargetKey ec = generate(KeySpec.ECC_NIST_P384);
    session.hybridMode(Wrapper.HybridMode.NATIVE_ONLY);
    try {
      assertReason(
          () -> session.wrap(ec, wk2048, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1),
          HsmException.Reason.MECHANISM_UNAVAILABLE,
          "CKM_RSA_AES_KEY_WRAP (0x1054) is not listed");
    } finally {
      session.hybridMode(Wrapper.HybridMode.AUTO);
    }
  }

  @Test
  void sha256Algorithms_failTheSelfTestOnSoftHsm261_andWrapRefusesThem() {
    SelfTestReport r = session.selfTest(WrappingKeySpec.RSA_2048);
    assertThat(r.passed(WrappingAlgorithm.RSAES_OAEP_SHA_1)).isTrue();
    assertThat(r.passed(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1)).isTrue();
    assertThat(r.result(WrappingAlgorithm.RSAES_OAEP_SHA_256).orElseThrow().detail())
        .contains("hashAlg=CKM_SHA256 mgf=CKG_MGF1_SHA256")
        .contains("CKR_ARGUMENTS_BAD");
    assertThat(r.result(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256).orElseThrow().detail())
        .contains("CKR_ARGUMENTS_BAD");
    var trial = new AutoAlgorithm.Trial(session, WrappingKeySpec.RSA_2048, false);
    assertThat(
            AutoAlgorithm.choose(
                KeySpec.SYMMETRIC_DEFAULT, r, a -> trial.prove(KeySpec.SYMMETRIC_DEFAULT, a)))
        .contains(WrappingAlgorithm.RSAES_OAEP_SHA_1);
    assertThat(AutoAlgorithm.choose(KeySpec.RSA_3072, r, a -> trial.prove(KeySpec.RSA_3072, a)))
        .contains(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
    TargetKey aes = generate(KeySpec.SYMMETRIC_DEFAULT);
    assertReason(
        () -> session.wrap(aes, wk2048, WrappingAlgorithm.RSAES_OAEP_SHA_256),
        HsmException.Reason.SELF_TEST_FAILED,
        "CKR_ARGUMENTS_BAD",
        "[RSAES_OAEP_SHA_1]");
  }

  @Test
  void aWrappingKeyFromAnotherSession_isRefused() {
    TargetKey aes = generate(KeySpec.SYMMETRIC_DEFAULT);
    WrappingKey other;
    try (Secret pin = ItRig.userPin();
        var s2 = hsm.login(pin)) {
      other = s2.importWrappingKey(SoftwareUnwrap.rsaKeyPair(2048).getPublic().getEncoded());
    }
    assertThatThrownBy(() -> session.wrap(aes, other, WrappingAlgorithm.RSAES_OAEP_SHA_1))
        .hasMessageContaining("not imported by this session");
  }

  @Test
  void aNonExtractableKeyFoundForReimport_isRefusedWithTheReason() {
    String label = ItRig.uniqueLabel("nx");
    labels.add(label);
    session.createSigner(label); // EC P-384, CKA_EXTRACTABLE=false
    TargetKey found = session.findTarget(label, KeySpec.ECC_NIST_P384).orElseThrow();
    assertReason(
        () -> session.wrap(found, wk2048, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1),
        HsmException.Reason.KEY_MISMATCH,
        "CKA_EXTRACTABLE=false",
        "CKR_KEY_UNEXTRACTABLE");
  }
}
