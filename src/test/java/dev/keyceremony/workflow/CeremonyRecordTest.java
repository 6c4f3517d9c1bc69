package dev.keyceremony.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.transcript.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold from transcript entries to a ceremony's state: pure, one case per way it can end. */
class CeremonyRecordTest {
  static final ObjectMapper M = new ObjectMapper();
  static final String H = "0".repeat(64);

  final List<TranscriptEntry> entries = new ArrayList<>();

  CeremonyRecordTest add(String type, Map<String, ?> data) {
    ObjectNode d = M.valueToTree(data);
    entries.add(
        new TranscriptEntry(
            entries.size() + 1, "2026-11-30T00:00:00.000Z", "c-r1", type, "operator:o", d, H, H));
    return this;
  }

  long seq() {
    return entries.size();
  }

  CeremonyRecordTest opened() {
    return add("ceremony.opened", Map.of("runId", "r1", "script", Map.of("sha256", "ab")))
        .add("step.preflight", Map.of("key", Map.of("create", true)))
        .add("step.approvals", Map.of());
  }

  CeremonyRecordTest intent(String action, Map<String, ?> handle) {
    return add("intent", Map.of("action", action, "step", "s", "handle", handle));
  }

  CeremonyRecordTest result(long intent, String status, Map<String, ?> facts) {
    Map<String, Object> d = new java.util.LinkedHashMap<>(facts);
    d.put("intent", intent);
    d.put("status", status);
    return add("result", d);
  }

  CeremonyRecord fold() {
    return CeremonyRecord.of(entries);
  }

  @Test
  void crashAfterCreateKeyIntent_leavesItOpen() {
    opened().intent("kms:CreateKey", Map.of("tag", Map.of("key", "t", "value", "c-r1")));
    CeremonyRecord r = fold();
    assertThat(r.status()).isEqualTo(CeremonyRecord.Status.CRASHED);
    assertThat(r.approved()).isTrue();
    assertThat(r.runId()).isEqualTo("r1");
    assertThat(r.scriptSha256()).isEqualTo("ab");
    assertThat(r.keyId()).isNull();
    assertThat(r.openIntents())
        .extracting(CeremonyRecord.Intent::action)
        .containsExactly("kms:CreateKey");
  }

  @Test
  void doneResults_giveKeyAliasMaterialAndImport() {
    opened().intent("kms:CreateKey", Map.of());
    result(seq(), "done", Map.of("keyId", "k1", "keyArn", "arn:k1"));
    intent("kms:CreateAlias", Map.of("alias", "alias/a", "keyId", "k1"));
    result(seq(), "done", Map.of());
    intent("hsm:generate", Map.of("label", "m", "keySpec", "HMAC_256"));
    result(seq(), "done", Map.of("label", "m", "id", "0a"));
    intent("kms:ImportKeyMaterial", Map.of("keyId", "k1", "validTo", "2027-01-01T00:00:00Z"));
    result(seq(), "done", Map.of("keyMaterialId", "mid"));
    CeremonyRecord r = fold();
    assertThat(r.keyId()).isEqualTo("k1");
    assertThat(r.keyCreated()).isTrue();
    assertThat(r.alias()).isEqualTo("alias/a");
    assertThat(r.materialLabel()).isEqualTo("m");
    assertThat(r.materialIdHex()).isEqualTo("0a");
    assertThat(r.imported()).isTrue();
    assertThat(r.keyMaterialId()).isEqualTo("mid");
    assertThat(r.importedValidTo()).hasToString("2027-01-01T00:00:00Z");
    assertThat(r.openIntents()).isEmpty();
  }

  @Test
  void unknownResult_keepsTheIntentOpen_failedResultClosesItWithoutEffect() {
    opened().intent("kms:ImportKeyMaterial", Map.of("keyId", "k1"));
    result(seq(), "unknown", Map.of("error", "ClientError"));
    intent("kms:CreateAlias", Map.of("alias", "alias/a"));
    result(seq(), "failed", Map.of("error", "AlreadyExistsException"));
    CeremonyRecord r = fold();
    assertThat(r.imported()).isFalse();
    assertThat(r.alias()).isNull();
    assertThat(r.openIntents())
        .extracting(CeremonyRecord.Intent::action)
        .containsExactly("kms:ImportKeyMaterial");
  }

  @Test
  void sealedFailedRetryable_thenResumed_isInProgressAgain() {
    opened()
        .add(
            "error",
            Map.of("step", "parameters", "cause", "ThrottlingException", "retryable", true));
    add("ceremony.sealed", Map.of("outcome", "failed"));
    CeremonyRecord failed = fold();
    assertThat(failed.status()).isEqualTo(CeremonyRecord.Status.FAILED);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.failedStep()).isEqualTo("parameters");
    add("ceremony.resumed", Map.of());
    assertThat(fold().status()).isEqualTo(CeremonyRecord.Status.CRASHED);
    assertThat(fold().cause()).isNull();
  }

  @Test
  void interruptedSucceededAndAbandoned_areTheirOwnStatuses() {
    opened().add("ceremony.interrupted", Map.of());
    assertThat(fold().status()).isEqualTo(CeremonyRecord.Status.INTERRUPTED);
    add("ceremony.resumed", Map.of()).add("ceremony.sealed", Map.of("outcome", "succeeded"));
    assertThat(fold().status()).isEqualTo(CeremonyRecord.Status.SUCCEEDED);
    entries.clear();
    opened().intent("kms:CreateKey", Map.of());
    result(seq(), "done", Map.of("keyId", "k1"));
    intent("kms:ScheduleKeyDeletion", Map.of("keyId", "k1"));
    result(seq(), "done", Map.of());
    add("ceremony.abandoned", Map.of());
    CeremonyRecord r = fold();
    assertThat(r.status()).isEqualTo(CeremonyRecord.Status.ABANDONED);
    assertThat(r.deletionScheduled()).isTrue();
  }

  @Test
  void existingKeyCeremony_takesKeyAndPreviousMaterialFromTheFirstPreflight() {
    add("ceremony.opened", Map.of("runId", "r1"));
    add(
        "step.preflight",
        Map.of("key", Map.of("keyId", "k9", "arn", "arn:k9", "currentKeyMaterialId", "old")));
    add("ceremony.resumed", Map.of());
    add("step.preflight", Map.of("key", Map.of("keyId", "k9", "currentKeyMaterialId", "new")));
    CeremonyRecord r = fold();
    assertThat(r.keyId()).isEqualTo("k9");
    assertThat(r.keyCreated()).isFalse();
    assertThat(r.previousKeyMaterialId()).isEqualTo("old");
  }

  @Test
  void noEntries_isRefused() {
    assertThatThrownBy(() -> CeremonyRecord.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  CeremonyRecordTest airGappedPrepare() {
    return add(
            "ceremony.opened",
            Map.of(
                "runId",
                "r1",
                "script",
                Map.of("sha256", "ab"),
                "airGapped",
                "prepare -> wrap -> import -> seal"))
        .add("step.preflight", Map.of("key", Map.of("create", true)))
        .add("step.approvals", Map.of());
  }

  @Test
  void oneMachineCeremony_awaitsNoPhase() {
    opened();
    assertThat(fold().awaitedPhase()).isNull();
    assertThat(fold().phaseInProgress()).isNull();
  }

  @Test
  void airGapped_prepareNotCompleted_awaitsPrepare() {
    airGappedPrepare().intent("kms:CreateKey", Map.of("tag", Map.of("key", "t", "value", "c")));
    assertThat(fold().awaitedPhase()).isEqualTo("prepare");
    assertThat(fold().openIntents()).hasSize(1);
  }

  @Test
  void airGapped_phases_awaitTheNextOne_interruptedPhaseInProgress() {
    airGappedPrepare().add("phase.completed", Map.of("phase", "prepare", "next", "wrap"));
    assertThat(fold().awaitedPhase()).isEqualTo("wrap");
    assertThat(fold().phaseInProgress()).isNull();
    add("phase.started", Map.of("phase", "wrap", "machine", "offline"));
    intent("hsm:generate", Map.of("label", "m", "keySpec", "SYMMETRIC_DEFAULT"));
    CeremonyRecord killed = fold();
    assertThat(killed.awaitedPhase()).isEqualTo("wrap");
    assertThat(killed.phaseInProgress()).isEqualTo("wrap");
    assertThat(killed.openIntents())
        .extracting(CeremonyRecord.Intent::action)
        .containsExactly("hsm:generate");
    result(seq(), "done", Map.of("label", "m", "id", "01"));
    add("phase.completed", Map.of("phase", "wrap", "next", "import"));
    assertThat(fold().awaitedPhase()).isEqualTo("import");
    assertThat(fold().phaseInProgress()).isNull();
    // prepare --refresh: phase prepare again, and the bundle waits for a new wrap.
    add("phase.started", Map.of("phase", "prepare", "refresh", true));
    add("phase.completed", Map.of("phase", "prepare", "next", "wrap", "refresh", true));
    assertThat(fold().awaitedPhase()).isEqualTo("wrap");
    add("phase.completed", Map.of("phase", "wrap", "next", "import"));
    add("phase.completed", Map.of("phase", "import", "next", "seal"));
    add("phase.started", Map.of("phase", "seal"));
    assertThat(fold().awaitedPhase()).isEqualTo("seal");
    add("ceremony.sealed", Map.of("outcome", "succeeded"));
    assertThat(fold().awaitedPhase()).isNull();
    assertThat(fold().phaseInProgress()).isNull();
    assertThat(fold().status()).isEqualTo(CeremonyRecord.Status.SUCCEEDED);
  }
}
