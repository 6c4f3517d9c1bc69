package dev.keyceremony.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.ceremony.BulkResumption;
import dev.keyceremony.transcript.TranscriptEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold of a batch transcript per key: pure; what resume continues and what it leaves. */
class BatchRecordTest {
  static final ObjectMapper M = new ObjectMapper();
  static final String H = "0".repeat(64);

  final List<TranscriptEntry> entries = new ArrayList<>();

  BatchRecordTest add(String type, Map<String, ?> data) {
    ObjectNode d = M.valueToTree(data);
    entries.add(
        new TranscriptEntry(
            entries.size() + 1, "2026-12-01T00:00:00.000Z", "b-r1", type, "operator:o", d, H, H));
    return this;
  }

  long intent(int key, String action, Map<String, ?> handle) {
    add("intent", Map.of("action", action, "step", "s", "key", key, "handle", handle));
    return entries.size();
  }

  void result(long intent, int key, String status, Map<String, ?> facts) {
    Map<String, Object> d = new LinkedHashMap<>(facts);
    d.put("intent", intent);
    d.put("key", key);
    d.put("status", status);
    add("result", d);
  }

  BatchRecordTest opened(int count) {
    return add("ceremony.opened", Map.of("runId", "r1", "batch", Map.of("count", count)))
        .add("step.preflight", Map.of())
        .add("step.approvals", Map.of());
  }

  @Test
  void perKey_doneOpenAndFinished_andWhatResumeSkips() {
    opened(3);
    // Key 1: everything, proven.
    result(intent(1, "kms:CreateKey", Map.of()), 1, "done", Map.of("keyId", "k1"));
    result(intent(1, "kms:CreateAlias", Map.of("alias", "alias/a-1")), 1, "done", Map.of());
    result(intent(1, "hsm:generate", Map.of()), 1, "done", Map.of("label", "l-1", "id", "01"));
    result(
        intent(1, "kms:ImportKeyMaterial", Map.of("validTo", "none")),
        1,
        "done",
        Map.of("keyMaterialId", "m1"));
    add("batch.key", Map.of("key", 1, "outcome", "succeeded"));
    // Key 2: created; its GetParametersForImport announced and never answered (a crash).
    result(intent(2, "kms:CreateKey", Map.of()), 2, "done", Map.of("keyId", "k2"));
    long open = intent(2, "kms:GetParametersForImport", Map.of("keyId", "k2"));
    // Key 3: its alias was taken (final), and a call cancelled before its slot.
    result(intent(3, "kms:CreateKey", Map.of()), 3, "done", Map.of("keyId", "k3"));
    result(intent(3, "kms:CreateAlias", Map.of("alias", "alias/a-3")), 3, "failed", Map.of());
    add(
        "batch.key",
        Map.of(
            "key", 3, "outcome", "failed", "cause", "AlreadyExistsException", "retryable", false));

    BatchRecord r = BatchRecord.of(entries);
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.approved()).isTrue();
    assertThat(r.sealed()).isNull();
    assertThat(r.unfinished()).isEqualTo(1);
    assertThat(r.finished("succeeded")).isEqualTo(1);
    assertThat(r.finished("failed")).isEqualTo(1);
    assertThat(r.openIntents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.key()).isEqualTo(2);
              assertThat(i.intent().seq()).isEqualTo(open);
              assertThat(i.intent().action()).isEqualTo("kms:GetParametersForImport");
            });
    BatchRecord.KeyState k1 = r.keys().get(1);
    assertThat(k1.alias()).isEqualTo("alias/a-1");
    assertThat(k1.materialLabel()).isEqualTo("l-1");
    assertThat(k1.imported()).isTrue();
    assertThat(k1.keyMaterialId()).isEqualTo("m1");
    assertThat(r.keys().get(3).lastCause()).isEqualTo("AlreadyExistsException");
    BulkResumption res = r.resumption();
    assertThat(res.approved()).isTrue();
    assertThat(res.key(1).finished()).isEqualTo("succeeded");
    assertThat(res.key(2).keyId()).isEqualTo("k2");
    assertThat(res.key(2).finished()).isNull();
    assertThat(res.key(3).finished()).isEqualTo("failed");
  }

  @Test
  void retryableFailure_isContinued_unknownStaysOpen_cancelledCloses() {
    opened(2);
    result(intent(1, "kms:CreateKey", Map.of()), 1, "done", Map.of("keyId", "k1"));
    long imp = intent(1, "kms:ImportKeyMaterial", Map.of());
    result(imp, 1, "unknown", Map.of("error", "InternalFailure"));
    add(
        "batch.key",
        Map.of("key", 1, "outcome", "failed", "cause", "InternalFailure", "retryable", true));
    result(intent(2, "kms:CreateKey", Map.of()), 2, "cancelled", Map.of());
    add("ceremony.interrupted", Map.of());

    BatchRecord r = BatchRecord.of(entries);
    assertThat(r.sealed()).isEqualTo("interrupted");
    assertThat(r.unfinished()).isEqualTo(2);
    assertThat(r.openIntents()).extracting(i -> i.intent().seq()).containsExactly(imp);
    assertThat(r.keys().get(1).finished()).isNull();
    assertThat(r.keys().get(2)).isNull(); // the cancelled CreateKey was never made
  }

  @Test
  void aSingleKeyTranscript_isNotABatch() {
    add("ceremony.opened", Map.of("runId", "r1"));
    assertThat(BatchRecord.isBatch(entries)).isFalse();
  }
}
