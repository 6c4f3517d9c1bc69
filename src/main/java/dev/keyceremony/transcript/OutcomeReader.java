package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.CeremonyOutcome.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives the outcome verdict from entries (a pure fold; see docs ENTRY-TYPES): the last entry
 * decides. {@code ceremony.sealed} gives succeeded or failed, {@code ceremony.abandoned} abandoned,
 * {@code phase.completed} waiting for the next phase, {@code error} failed at its step (a failure
 * before the ceremony could start is sealed by no entry), {@code ceremony.interrupted} and any
 * other entry interrupted. Callers pass only entries the signature covers, so an unsigned tail
 * cannot change the outcome.
 */
public final class OutcomeReader {
  public static final String SEALED = "ceremony.sealed";
  public static final String ABANDONED = "ceremony.abandoned";
  public static final String INTERRUPTED = "ceremony.interrupted";
  public static final String PHASE_COMPLETED = "phase.completed";
  public static final String ERROR = "error";
  public static final String INTENT = "intent";
  public static final String RESULT = "result";

  private OutcomeReader() {}

  public static CeremonyOutcome read(List<TranscriptEntry> entries) {
    if (entries.isEmpty()) {
      return new CeremonyOutcome(Kind.UNKNOWN, "", "", 0, "no entry to read an outcome from");
    }
    TranscriptEntry last = entries.get(entries.size() - 1);
    JsonNode d = last.data();
    long line = last.seq();
    switch (last.type()) {
      case SEALED:
        {
          String outcome = text(d, "outcome");
          if ("succeeded".equals(outcome)) {
            return new CeremonyOutcome(
                Kind.SUCCEEDED, "", "", line, "sealed as succeeded (line " + line + ")");
          }
          if ("failed".equals(outcome)) {
            return new CeremonyOutcome(
                Kind.FAILED,
                text(d, "failedStep"),
                text(d, "cause"),
                line,
                "sealed as failed (line " + line + ")" + messageOf(entries, text(d, "failedStep")));
          }
          return new CeremonyOutcome(
              Kind.UNKNOWN,
              "",
              "",
              line,
              "sealed with an unknown outcome '" + outcome + "' (line " + line + ")");
        }
      case ABANDONED:
        {
          int undone = d.path("undone").size();
          int refused = d.path("refused").size();
          return new CeremonyOutcome(
              Kind.ABANDONED,
              "",
              undone + " undone, " + refused + " refused",
              line,
              "abandoned (line "
                  + line
                  + "): "
                  + undone
                  + " effect(s) undone, "
                  + refused
                  + " refused");
        }
      case PHASE_COMPLETED:
        {
          String next = text(d, "next");
          return new CeremonyOutcome(
              Kind.WAITING,
              next.isEmpty() ? "?" : next,
              "",
              line,
              "phase '"
                  + text(d, "phase")
                  + "' completed (line "
                  + line
                  + "); phase '"
                  + next
                  + "' has not run yet");
        }
      case ERROR:
        return new CeremonyOutcome(
            Kind.FAILED,
            text(d, "step"),
            text(d, "cause"),
            line,
            "stopped by an error (line " + line + ") and not sealed: " + text(d, "message"));
      case INTERRUPTED:
        return new CeremonyOutcome(
            Kind.INTERRUPTED,
            text(d, "inStep"),
            text(d, "signal"),
            line,
            "interrupted (line "
                + line
                + ")"
                + (text(d, "resume").isEmpty() ? "" : "; resume with: " + text(d, "resume"))
                + openIntents(entries));
      default:
        return new CeremonyOutcome(
            Kind.INTERRUPTED,
            stepOf(last),
            "",
            line,
            "the last entry is '"
                + last.type()
                + "' (line "
                + line
                + "), not an ending: the ceremony stopped without sealing"
                + openIntents(entries));
    }
  }

  /**
   * The step an unfinished entry belongs to: {@code step.X} → after X, intent/result → its step.
   */
  private static String stepOf(TranscriptEntry e) {
    if (e.type().startsWith("step.")) {
      return "after " + e.type().substring(5);
    }
    String step = text(e.data(), "step");
    return step.isEmpty() ? "" : step;
  }

  private static String messageOf(List<TranscriptEntry> entries, String step) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      TranscriptEntry e = entries.get(i);
      if (ERROR.equals(e.type()) && step.equals(text(e.data(), "step"))) {
        return ": " + text(e.data(), "message");
      }
    }
    return "";
  }

  private static String openIntents(List<TranscriptEntry> entries) {
    Set<Long> closed = new HashSet<>();
    for (TranscriptEntry e : entries) {
      if (RESULT.equals(e.type()) && e.data().path("intent").canConvertToLong()) {
        closed.add(e.data().path("intent").longValue());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (TranscriptEntry e : entries) {
      if (INTENT.equals(e.type()) && !closed.contains(e.seq())) {
        sb.append(
                sb.length() == 0
                    ? "; open intents (effect unknown until resume reconciles them): "
                    : ", ")
            .append(text(e.data(), "action"))
            .append(" (line ")
            .append(e.seq())
            .append(')');
      }
    }
    return sb.toString();
  }

  static String text(JsonNode d, String field) {
    JsonNode v = d.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }
}
