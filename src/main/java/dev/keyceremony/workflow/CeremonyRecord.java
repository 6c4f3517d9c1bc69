package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.TranscriptEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a ceremony as its transcript tells it: a pure fold over the entries, with no I/O.
 * {@code resume} and {@code abandon} start from it; the open intents are what they must reconcile
 * with KMS and the HSM.
 *
 * @param ceremonyId from line 1
 * @param runId the run ID the script's {@code {run}} placeholders were filled with
 * @param scriptSha256 the SHA-256 of the script bytes parsed for line 1
 * @param status where the ceremony stands
 * @param failedStep the step of the last failure (status FAILED), else null
 * @param cause its cause code
 * @param retryable whether that failure is worth another attempt
 * @param approved the custodians' approvals are recorded
 * @param keyId the KMS key (created by the ceremony, or the existing one it names)
 * @param keyArn its ARN, when known
 * @param keyCreated the ceremony created {@code keyId}
 * @param alias the alias the ceremony created (and did not delete since)
 * @param materialLabel the HSM object the ceremony generated (and did not destroy since)
 * @param materialIdHex its CKA_ID
 * @param imported KMS accepted the material from this ceremony
 * @param keyMaterialId the KeyMaterialId of that import
 * @param previousKeyMaterialId the key's KeyMaterialId when the ceremony started (a reimport)
 * @param importedValidTo the ValidTo that import asked for, null when none
 * @param deletionScheduled {@code abandon} scheduled the key's deletion
 * @param openIntents intents without a result, or whose result was {@code unknown}, in order
 * @param awaitedPhase for an air-gapped ceremony (docs/decisions/0009): the phase its bundle waits
 *     for ({@code prepare} while prepare never completed, then the {@code next} of the last {@code
 *     phase.completed}); null for a one-machine ceremony and once sealed
 * @param phaseInProgress the phase of a {@code phase.started} that no {@code phase.completed}
 *     followed (interrupted or failed), else null
 */
public record CeremonyRecord(
    String ceremonyId,
    String runId,
    String scriptSha256,
    Status status,
    String failedStep,
    String cause,
    boolean retryable,
    boolean approved,
    String keyId,
    String keyArn,
    boolean keyCreated,
    String alias,
    String materialLabel,
    String materialIdHex,
    boolean imported,
    String keyMaterialId,
    String previousKeyMaterialId,
    java.time.Instant importedValidTo,
    boolean deletionScheduled,
    List<Intent> openIntents,
    String awaitedPhase,
    String phaseInProgress) {

  /** Where a ceremony stands. */
  public enum Status {
    /** Entries end without an ending: the process died (kill, power loss) mid-ceremony. */
    CRASHED,
    /** Ended by Ctrl-C or SIGTERM with a {@code ceremony.interrupted} entry. */
    INTERRUPTED,
    /** Sealed with outcome failed. */
    FAILED,
    /** Sealed with outcome succeeded. */
    SUCCEEDED,
    /** {@code abandon} undid what it could. */
    ABANDONED
  }

  /** An intent entry: what was about to happen and how to find it. */
  public record Intent(long seq, String action, String step, JsonNode handle) {}

  public CeremonyRecord {
    openIntents = List.copyOf(openIntents);
  }

  /** Folds the entries of one transcript, in order. */
  public static CeremonyRecord of(List<TranscriptEntry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a transcript without entries has no state");
    }
    Fold f = new Fold();
    for (TranscriptEntry e : entries) {
      f.apply(e);
    }
    return f.result();
  }

  /** Mutable accumulator of the fold; never escapes {@link #of}. */
  private static final class Fold {
    String ceremonyId;
    String runId;
    String scriptSha256;
    Status status = Status.CRASHED;
    String failedStep;
    String cause;
    boolean retryable;
    boolean approved;
    String keyId;
    String keyArn;
    boolean keyCreated;
    String alias;
    String materialLabel;
    String materialIdHex;
    boolean imported;
    String keyMaterialId;
    String previousKeyMaterialId;
    java.time.Instant importedValidTo;
    boolean preflightSeen;
    boolean deletionScheduled;
    String awaitedPhase;
    String phaseInProgress;
    final Map<Long, Intent> open = new LinkedHashMap<>();

    void apply(TranscriptEntry e) {
      JsonNode d = e.data();
      switch (e.type()) {
        case "ceremony.opened" -> {
          ceremonyId = e.ceremony();
          runId = text(d, "runId");
          scriptSha256 = d.path("script").path("sha256").textValue();
          if (d.has("airGapped")) {
            awaitedPhase = "prepare";
          }
        }
        case "phase.started" -> phaseInProgress = text(d, "phase");
        case "phase.completed" -> {
          phaseInProgress = null;
          awaitedPhase = text(d, "next");
        }
        case "step.preflight" -> {
          JsonNode k = d.path("key");
          if (!preflightSeen && k.has("keyId") && !keyCreated) {
            keyId = text(k, "keyId");
            keyArn = text(k, "arn");
            previousKeyMaterialId = text(k, "currentKeyMaterialId");
          }
          preflightSeen = true;
        }
        case "step.approvals" -> approved = true;
        case "intent" ->
            open.put(
                e.seq(), new Intent(e.seq(), text(d, "action"), text(d, "step"), d.path("handle")));
        case "result" -> result(d);
        case "error" -> {
          status = Status.FAILED;
          failedStep = text(d, "step");
          cause = text(d, "cause");
          retryable = d.path("retryable").asBoolean(false);
        }
        case "ceremony.sealed" -> {
          awaitedPhase = null;
          phaseInProgress = null;
          boolean ok = "succeeded".equals(text(d, "outcome"));
          status = ok ? Status.SUCCEEDED : Status.FAILED;
          if (ok) {
            failedStep = null;
            cause = null;
            retryable = false;
          } else if (cause == null) {
            failedStep = text(d, "failedStep");
            cause = text(d, "cause");
            retryable = d.path("retryable").asBoolean(false);
          }
        }
        case "ceremony.interrupted" -> status = Status.INTERRUPTED;
        case "ceremony.resumed" -> {
          status = Status.CRASHED; // in progress until it ends again
          failedStep = null;
          cause = null;
          retryable = false;
        }
        case "ceremony.abandoned" -> status = Status.ABANDONED;
        default -> {}
      }
    }

    private void result(JsonNode d) {
      long seq = d.path("intent").asLong(-1);
      Intent i = open.get(seq);
      if (i == null) {
        return; // a result for an intent already closed: the verifier's business, not the fold's
      }
      String st = text(d, "status");
      if ("unknown".equals(st)) {
        return; // still open: the effect may or may not have happened
      }
      open.remove(seq);
      if (!"done".equals(st) || i.handle().has("region")) {
        return; // a replica's effect: the replica steps ask KMS in its Region when they resume
      }
      switch (i.action()) {
        case "kms:CreateKey" -> {
          keyId = text(d, "keyId");
          keyArn = text(d, "keyArn");
          keyCreated = true;
        }
        case "kms:CreateAlias" -> alias = i.handle().path("alias").textValue();
        case "kms:DeleteAlias" -> alias = null;
        case "hsm:generate" -> {
          materialLabel = text(d, "label");
          materialIdHex = text(d, "id");
        }
        case "hsm:destroy" -> {
          materialLabel = null;
          materialIdHex = null;
        }
        case "kms:ImportKeyMaterial" -> {
          imported = true;
          keyMaterialId = text(d, "keyMaterialId");
          String v = i.handle().path("validTo").asText("none");
          importedValidTo = "none".equals(v) ? null : java.time.Instant.parse(v);
          if (text(d, "keyArn") != null) {
            keyArn = text(d, "keyArn");
          }
        }
        case "kms:ScheduleKeyDeletion" -> deletionScheduled = true;
        default -> {}
      }
    }

    CeremonyRecord result() {
      return new CeremonyRecord(
          ceremonyId,
          runId,
          scriptSha256,
          status,
          failedStep,
          cause,
          retryable,
          approved,
          keyId,
          keyArn,
          keyCreated,
          alias,
          materialLabel,
          materialIdHex,
          imported,
          keyMaterialId,
          previousKeyMaterialId,
          importedValidTo,
          deletionScheduled,
          new ArrayList<>(open.values()),
          awaitedPhase,
          phaseInProgress);
    }

    private static String text(JsonNode n, String field) {
      JsonNode v = n.path(field);
      return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
  }
}
