package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The human-readable view of a transcript: the verification verdict first, then one row per entry
 * (seq, time, elapsed since line 1, actor, type, duration when recorded, compact data). Text from the
 * transcript is shown with control and bidi-format characters escaped, so a crafted transcript cannot
 * rewrite the auditor's terminal.
 */
public final class TimelineRenderer {
  static final int SUMMARY_WIDTH = 110;
  private static final int VALUE_WIDTH = 24;

  private TimelineRenderer() {}

  public static String render(VerificationReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(safe(r.headline())).append('\n');
    sb.append("  outcome: ").append(safe(r.outcome().detail())).append('\n');
    if (r.verdict() != Verdict.INVALID) {
      sb.append("  integrity: ").append(safe(r.summary())).append('\n');
    }
    for (Finding f : r.problems().subList(Math.min(1, r.problems().size()), r.problems().size())) {
      sb.append("  also: ").append(safe(f.toString())).append('\n');
    }
    for (Finding w : r.warnings()) {
      sb.append("  warning: ").append(safe(w.toString())).append('\n');
    }
    sb.append('\n');
    List<TranscriptEntry> entries = r.entries();
    if (entries.isEmpty()) {
      return sb.append("(no readable entries)\n").toString();
    }
    int actorW = Math.min(24, Math.max(5, entries.stream().mapToInt(e -> safe(e.actor()).length()).max().orElse(5)));
    int typeW = Math.min(32, Math.max(4, entries.stream().mapToInt(e -> safe(e.type()).length()).max().orElse(4)));
    String fmt = "%4s  %-24s  %9s  %-" + actorW + "s  %-" + typeW + "s  %s%n";
    sb.append(String.format(fmt, "seq", "time (UTC)", "elapsed", "actor", "type", "data"));
    Instant start = EntryRules.parseTime(entries.get(0).time());
    if (r.signedLineCount() == 0) {
      sb.append("---- no line below is covered by a valid signature ----\n");
    }
    for (TranscriptEntry e : entries) {
      if (r.signedLineCount() > 0 && e.seq() == r.signedLineCount() + 1) {
        sb.append("---- lines below are not covered by transcript.sig ----\n");
      }
      Duration elapsed = Duration.between(start, EntryRules.parseTime(e.time()));
      sb.append(String.format(fmt, e.seq(), e.time(), seconds(elapsed.toMillis(), "+"),
          clip(safe(e.actor()), actorW), clip(safe(e.type()), typeW), dataSummary(e.data())));
    }
    return sb.toString();
  }

  /** Compact one-line view of an entry's data: duration first, then key=value by path. */
  static String dataSummary(ObjectNode data) {
    StringBuilder sb = new StringBuilder();
    JsonNode duration = data.get("durationMs");
    ObjectNode rest = data.deepCopy();
    if (duration != null && duration.isNumber()) {
      sb.append('(').append(seconds(duration.longValue(), "")).append(") ");
      rest.remove("durationMs");
    }
    flatten("", rest, sb);
    return clip(sb.toString().strip(), SUMMARY_WIDTH);
  }

  private static void flatten(String prefix, JsonNode node, StringBuilder sb) {
    if (node.isObject()) {
      if (node.isEmpty() && !prefix.isEmpty()) {
        sb.append(prefix).append("={} ");
      }
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        flatten(prefix.isEmpty() ? safe(f.getKey()) : prefix + "." + safe(f.getKey()), f.getValue(), sb);
      }
    } else if (node.isArray()) {
      sb.append(prefix).append("=[").append(node.size()).append(node.size() == 1 ? " item] " : " items] ");
    } else {
      String v = node.isTextual() ? safe(node.textValue())
          : node.isNumber() && !node.isIntegralNumber() ? jsonNumber(node.doubleValue()) : node.toString();
      sb.append(prefix).append('=').append(clip(v, VALUE_WIDTH)).append(' ');
    }
  }

  private static String seconds(long millis, String sign) {
    return (millis >= 0 ? sign : "-") + String.format("%d.%03ds", Math.abs(millis) / 1000, Math.abs(millis) % 1000);
  }

  private static String clip(String s, int width) {
    if (s.length() <= width) {
      return s;
    }
    return s.substring(0, width - 1).replaceAll("[\\s\u2026]+$", "") + "\u2026";
  }

  /** Numbers as the transcript holds them (ECMAScript form, RFC 8785), not Java's 1.5E-7. */
  private static String jsonNumber(double d) {
    return new String(CanonicalJson.canonicalize("[" + d + "]"), java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("^\\[|\\]$", "");
  }

  /** Escapes control characters and invisible format characters (bidi overrides, zero-width). */
  public static String safe(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }
}
