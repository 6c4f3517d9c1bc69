package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.transcript.CeremonyOutcome.Kind;
import dev.keyceremony.transcript.HandBuiltBundles.E;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outcome verdict from hand-built transcripts, one per ending in ENTRY-TYPES. */
class OutcomeReaderTest {
  private static final byte[] SCRIPT = "name: hand-built\n".getBytes(StandardCharsets.UTF_8);
  private static final SoftwareP384Signer SIGNER = SoftwareP384Signer.generate();
  private static final List<SignerPin> PIN =
      List.of(new SignerPin(SIGNER.signerFingerprint(), "ops-2026"));

  @TempDir Path tmp;

  private VerificationReport verify(List<E> entries) {
    HandBuiltBundles.write(tmp, SIGNER, entries);
    return TranscriptVerifier.verifyPinned(TranscriptBundle.read(tmp), PIN);
  }

  @Test
  void sealedSucceeded_isSucceeded_andPasses() {
    VerificationReport r = verify(HandBuiltBundles.succeeded(SCRIPT));
    assertThat(r.outcome().kind()).isEqualTo(Kind.SUCCEEDED);
    assertThat(r.status()).isEqualTo(AuditStatus.PASS);
    assertThat(r.headline())
        .isEqualTo("Ceremony SUCCEEDED; integrity OK; signer pinned (ops-2026)");
  }

  @Test
  void sealedFailed_namesStepAndCause() {
    VerificationReport r = verify(HandBuiltBundles.failedAt(SCRIPT, "approvals", "NOT_APPROVED"));
    assertThat(r.outcome())
        .extracting(CeremonyOutcome::kind, CeremonyOutcome::step, CeremonyOutcome::cause)
        .containsExactly(Kind.FAILED, "approvals", "NOT_APPROVED");
    assertThat(r.status()).isEqualTo(AuditStatus.CEREMONY_FAILED);
    assertThat(r.headline())
        .isEqualTo(
            "Ceremony FAILED at approvals (NOT_APPROVED); integrity OK; signer pinned (ops-2026)");
    assertThat(r.outcome().detail()).contains("approvals failed: NOT_APPROVED");
  }

  @Test
  void setupFailure_errorWithoutSeal_isFailed() {
    List<E> l =
        new ArrayList<>(
            List.of(
                HandBuiltBundles.opened(SCRIPT),
                E.of(
                    "error",
                    "step",
                    "kms-connect",
                    "cause",
                    "KMS_CONFIG",
                    "message",
                    "no region")));
    VerificationReport r = verify(l);
    assertThat(r.headline())
        .startsWith("Ceremony FAILED at kms-connect (KMS_CONFIG); integrity OK");
    assertThat(r.status()).isEqualTo(AuditStatus.CEREMONY_FAILED);
  }

  @Test
  void lastEntryAnOpenIntent_isInterrupted_andNamesTheIntent() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "create-key");
    l.add(
        E.of(
            "intent",
            "action",
            "kms:CreateKey",
            "step",
            "create-key",
            "handle",
            Map.of("tag", "c-1")));
    VerificationReport r = verify(l);
    assertThat(r.outcome().kind()).isEqualTo(Kind.INTERRUPTED);
    assertThat(r.outcome().step()).isEqualTo("create-key");
    assertThat(r.outcome().detail()).contains("open intents").contains("kms:CreateKey (line 4)");
    assertThat(r.status()).isEqualTo(AuditStatus.INCOMPLETE);
    assertThat(r.headline())
        .isEqualTo("Ceremony INTERRUPTED in create-key; integrity OK; signer pinned (ops-2026)");
  }

  @Test
  void intentWithResult_isNotOpen() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "create-key");
    l.add(E.of("intent", "action", "kms:CreateKey", "step", "create-key"));
    l.add(
        E.of(
            "result",
            "intent",
            4,
            "action",
            "kms:CreateKey",
            "status",
            "done",
            "step",
            "create-key"));
    VerificationReport r = verify(l);
    assertThat(r.outcome().kind()).isEqualTo(Kind.INTERRUPTED);
    assertThat(r.outcome().detail()).doesNotContain("open intents");
  }

  @Test
  void ceremonyInterrupted_namesSignalStepAndResume() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "wrap-import");
    l.add(
        E.of(
            "ceremony.interrupted",
            "signal",
            "SIGINT",
            "inStep",
            "wrap-import",
            "exists",
            List.of("key k1"),
            "resume",
            "./ceremony resume out/c-1",
            "abandon",
            "./ceremony abandon out/c-1"));
    VerificationReport r = verify(l);
    assertThat(r.headline())
        .startsWith("Ceremony INTERRUPTED in wrap-import (SIGINT); integrity OK");
    assertThat(r.outcome().detail()).contains("resume with: ./ceremony resume out/c-1");
    assertThat(r.status()).isEqualTo(AuditStatus.INCOMPLETE);
  }

  @Test
  void resumedAndSealed_isSucceeded() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "wrap-import");
    l.add(E.of("ceremony.interrupted", "signal", "SIGTERM", "inStep", "wrap-import"));
    l.add(E.of("ceremony.resumed", "reconciled", List.of(), "continuingAt", "wrap-import"));
    l.add(E.of("step.wrap-import", "durationMs", 5));
    l.add(E.of("step.prove", "durationMs", 5));
    l.add(E.of("ceremony.sealed", "outcome", "succeeded"));
    assertThat(verify(l).status()).isEqualTo(AuditStatus.PASS);
  }

  @Test
  void abandoned_isEndedButNotAPass() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "parameters");
    l.add(E.of("ceremony.interrupted", "signal", "SIGINT", "inStep", "parameters"));
    l.add(
        E.of(
            "ceremony.abandoned",
            "undone",
            List.of("alias deleted", "key deletion scheduled"),
            "refused",
            List.of()));
    VerificationReport r = verify(l);
    assertThat(r.headline()).startsWith("Ceremony ABANDONED (2 undone, 0 refused); integrity OK");
    assertThat(r.status()).isEqualTo(AuditStatus.CEREMONY_FAILED);
  }

  @Test
  void phaseCompleted_isWaitingForTheNextPhase() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "hsm-prepare");
    l.add(E.of("phase.completed", "phase", "prepare", "next", "wrap"));
    VerificationReport r = verify(l);
    assertThat(r.headline())
        .isEqualTo(
            "Ceremony WAITING for phase wrap of an air-gapped ceremony; integrity OK; signer pinned (ops-2026)");
    assertThat(r.status()).isEqualTo(AuditStatus.INCOMPLETE);
  }

  @Test
  void phaseSealEnded_isSucceeded() {
    List<E> l = HandBuiltBundles.stepsUpTo(SCRIPT, null);
    l.add(E.of("phase.completed", "phase", "import", "next", "seal"));
    l.add(E.of("ceremony.sealed", "outcome", "succeeded"));
    assertThat(verify(l).outcome().kind()).isEqualTo(Kind.SUCCEEDED);
  }

  @Test
  void lastStepWithoutSeal_isInterruptedAfterThatStep() {
    VerificationReport r = verify(HandBuiltBundles.stepsUpTo(SCRIPT, "parameters"));
    assertThat(r.headline()).startsWith("Ceremony INTERRUPTED after create-key; integrity OK");
  }

  @Test
  void withoutPin_signerNotPinned_evenWhenSucceeded() {
    HandBuiltBundles.write(tmp, SIGNER, HandBuiltBundles.succeeded(SCRIPT));
    VerificationReport r = TranscriptVerifier.verifyPinned(TranscriptBundle.read(tmp), List.of());
    assertThat(r.status()).isEqualTo(AuditStatus.SIGNER_NOT_PINNED);
    assertThat(r.headline())
        .isEqualTo(
            "Ceremony SUCCEEDED; integrity OK; signature valid, signer NOT PINNED:"
                + " compare fingerprint "
                + SIGNER.signerFingerprint()
                + " with your records");
  }
}
