package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.ceremony.BulkResumption;
import dev.keyceremony.transcript.TranscriptEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of a batch as its transcript tells it: a pure fold over the entries, per key (the
 * {@code key} number in every intent, result and {@code batch.key} entry). {@code resume} starts
 * from it: which keys are finished, what each of the others already has, and the open intents to
 * reconcile.
 *
 * @param count the batch's number of keys (line 1)
 * @param approved the custodians approved the batch
 * @param keys per key number, what is known (absent: nothing happened to that key)
 * @param openIntents intents without a result, or whose result was {@code unknown}
 * @param sealed the last ending: "succeeded", "failed", "interrupted", or null (none, or resumed
 *     since)
 */
public record BatchRecord(
    int count,
    boolean approved,
    Map<Integer, KeyState> keys,
    List<OpenIntent> openIntents,
    String sealed) {

  /** One key's state; {@code finished} is succeeded, failed (for good) or null. */
  public record KeyState(
      String keyId,
      String alias,
      String materialLabel,
      String materialIdHex,
      boolean imported,
      String keyMaterialId,
      Instant importedValidTo,
      String finished,
      String lastCause) {}

  /** An intent still open, with the key it belongs to. */
  public record OpenIntent(int key, CeremonyRecord.Intent intent) {}

  public BatchRecord {
    keys = Map.copyOf(keys);
    openIntents = List.copyOf(openIntents);
  }

  /** True when line 1 describes a batch. */
  public static boolean isBatch(List<TranscriptEntry> entries) {
    return !entries.isEmpty() && entries.get(0).data().has("batch");
  }

  /** Keys neither succeeded nor failed for good. */
  public int unfinished() {
    int n = 0;
    for (int i = 1; i <= count; i++) {
      KeyState k = keys.get(i);
      if (k == null || k.finished() == null) {
        n++;
      }
    }
    return n;
  }

  public int finished(String outcome) {
    return (int) keys.values().stream().filter(k -> outcome.equals(k.finished())).count();
  }

  /** What {@link dev.keyceremony.ceremony.BulkCeremony} needs to skip what was done. */
  public BulkResumption resumption() {
    Map<Integer, BulkResumption.Key> m = new TreeMap<>();
    keys.forEach(
        (n, k) ->
            m.put(
                n,
                new BulkResumption.Key(
                    k.keyId(),
                    k.alias() != null,
                    k.materialLabel(),
                    k.materialIdHex(),
                    k.imported(),
                    k.keyMaterialId(),
                    k.importedValidTo(),
                    k.finished())));
    return new BulkResumption(approved, m);
  }

  public static BatchRecord of(List<TranscriptEntry> entries) {
    if (!isBatch(entries)) {
      throw new IllegalArgumentException("line 1 does not describe a batch");
    }
    int count = entries.get(0).data().path("batch").path("count").asInt();
    Map<Integer, Mutable> keys = new TreeMap<>();
    Map<Long, OpenIntent> open = new LinkedHashMap<>();
    boolean approved = false;
    String sealed = null;
    for (TranscriptEntry e : entries) {
      JsonNode d = e.data();
      switch (e.type()) {
        case "step.approvals" -> approved = true;
        case "intent" -> {
          if (d.has("key")) {
            open.put(
                e.seq(),
                new OpenIntent(
                    d.path("key").asInt(),
                    new CeremonyRecord.Intent(
                        e.seq(), text(d, "action"), text(d, "step"), d.path("handle"))));
          }
        }
        case "result" -> {
          OpenIntent i = open.get(d.path("intent").asLong(-1));
          String st = text(d, "status");
          if (i == null || "unknown".equals(st)) {
            break;
          }
          open.remove(i.intent().seq());
          if ("done".equals(st)) {
            done(keys.computeIfAbsent(i.key(), n -> new Mutable()), i.intent(), d);
          }
        }
        case "batch.key" -> {
          Mutable k = keys.computeIfAbsent(d.path("key").asInt(), n -> new Mutable());
          String outcome = text(d, "outcome");
          k.lastCause = text(d, "cause");
          k.finished =
              "succeeded".equals(outcome)
                  ? "succeeded"
                  : d.path("retryable").asBoolean(false) ? null : "failed";
        }
        case "ceremony.sealed" -> sealed = text(d, "outcome");
        case "ceremony.interrupted" -> sealed = "interrupted";
        case "ceremony.resumed" -> {
          sealed = null;
          // A retryable failure, continued: the key is open again.
          keys.values().forEach(k -> k.lastCause = k.finished == null ? null : k.lastCause);
        }
        default -> {}
      }
    }
    Map<Integer, KeyState> out = new TreeMap<>();
    keys.forEach(
        (n, k) ->
            out.put(
                n,
                new KeyState(
                    k.keyId,
                    k.alias,
                    k.label,
                    k.id,
                    k.imported,
                    k.keyMaterialId,
                    k.validTo,
                    k.finished,
                    k.lastCause)));
    return new BatchRecord(count, approved, out, new ArrayList<>(open.values()), sealed);
  }

  private static void done(Mutable k, CeremonyRecord.Intent i, JsonNode d) {
    switch (i.action()) {
      case "kms:CreateKey" -> k.keyId = text(d, "keyId");
      case "kms:CreateAlias" -> k.alias = i.handle().path("alias").textValue();
      case "hsm:generate" -> {
        k.label = text(d, "label");
        k.id = text(d, "id");
      }
      case "kms:ImportKeyMaterial" -> {
        k.imported = true;
        k.keyMaterialId = text(d, "keyMaterialId");
        String v = i.handle().path("validTo").asText("none");
        k.validTo = "none".equals(v) ? null : Instant.parse(v);
      }
      default -> {}
    }
  }

  private static final class Mutable {
    String keyId;
    String alias;
    String label;
    String id;
    boolean imported;
    String keyMaterialId;
    Instant validTo;
    String finished;
    String lastCause;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }
}
