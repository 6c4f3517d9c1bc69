package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The human-readable view of a transcript: the verdicts first, then each entry (seq, time, elapsed
 * since line 1, type, duration when recorded, actor) with every fact of its data on its own line,
 * whole: ARNs, names, outcomes and causes are never cut, only wrapped to the width (a value longer
 * than a line continues on the next, indented). Text from the transcript is shown with control and
 * bidi-format characters escaped, so a crafted transcript cannot rewrite the auditor's terminal.
 */
public final class TimelineRenderer {
  /** Columns when the output is not a terminal. */
  public static final int DEFAULT_WIDTH = 80;

  private static final int MIN_WIDTH = 40;
  private static final String FACT_INDENT = "      ";

  private TimelineRenderer() {}

  public static String render(VerificationReport r) {
    return render(r, DEFAULT_WIDTH);
  }

  /**
   * @param width columns to wrap to (at least 40)
   */
  public static String render(VerificationReport r, int width) {
    int w = Math.max(MIN_WIDTH, width);
    StringBuilder sb = new StringBuilder();
    wrap(sb, "", "  ", safe(r.headline()), w);
    wrap(sb, "  outcome: ", "    ", safe(r.outcome().detail()), w);
    if (r.verdict() != Verdict.INVALID) {
      wrap(sb, "  integrity: ", "    ", safe(r.summary()), w);
    }
    for (Finding f : r.problems().subList(Math.min(1, r.problems().size()), r.problems().size())) {
      wrap(sb, "  also: ", "    ", safe(f.toString()), w);
    }
    for (Finding f : r.warnings()) {
      wrap(sb, "  warning: ", "    ", safe(f.toString()), w);
    }
    sb.append('\n');
    List<TranscriptEntry> entries = r.entries();
    if (entries.isEmpty()) {
      return sb.append("(no readable entries)\n").toString();
    }
    Instant start = EntryRules.parseTime(entries.get(0).time());
    if (r.signedLineCount() == 0) {
      sb.append("---- no line below is covered by a valid signature ----\n");
    }
    for (TranscriptEntry e : entries) {
      if (r.signedLineCount() > 0 && e.seq() == r.signedLineCount() + 1) {
        sb.append("---- lines below are not covered by transcript.sig ----\n");
      }
      Duration elapsed = Duration.between(start, EntryRules.parseTime(e.time()));
      JsonNode duration = e.data().get("durationMs");
      String head =
          String.format(
                  "%4d  %s  %s  %s",
                  e.seq(), e.time(), seconds(elapsed.toMillis(), "+"), safe(e.type()))
              + (duration != null && duration.isNumber()
                  ? "  (" + seconds(duration.longValue(), "") + ")"
                  : "");
      wrap(sb, "", FACT_INDENT, head, w);
      wrap(sb, FACT_INDENT, FACT_INDENT + "  ", "actor: " + safe(e.actor()), w);
      for (String fact : facts(e.data())) {
        wrap(sb, FACT_INDENT, FACT_INDENT + "  ", fact, w);
      }
    }
    return sb.toString();
  }

  /**
   * Every fact of an entry's data as "path: value", whole, in the transcript's (canonical) order.
   */
  static List<String> facts(ObjectNode data) {
    ObjectNode rest = data.deepCopy();
    rest.remove("durationMs");
    List<String> out = new ArrayList<>();
    flatten("", rest, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, List<String> out) {
    if (node.isObject()) {
      if (node.isEmpty() && !prefix.isEmpty()) {
        out.add(prefix + ": {}");
      }
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        flatten(
            prefix.isEmpty() ? safe(f.getKey()) : prefix + "." + safe(f.getKey()),
            f.getValue(),
            out);
      }
    } else if (node.isArray()) {
      boolean scalars = true;
      for (JsonNode x : node) {
        scalars &= x.isValueNode();
      }
      if (node.isEmpty()) {
        out.add(prefix + ": []");
      } else if (scalars) {
        List<String> l = new ArrayList<>();
        node.forEach(x -> l.add(scalar(x)));
        out.add(prefix + ": " + String.join(", ", l));
      } else {
        for (int i = 0; i < node.size(); i++) {
          flatten(prefix + "[" + i + "]", node.get(i), out);
        }
      }
    } else {
      out.add(prefix + ": " + scalar(node));
    }
  }

  private static String scalar(JsonNode node) {
    return node.isTextual()
        ? safe(node.textValue())
        : node.isNumber() && !node.isIntegralNumber()
            ? jsonNumber(node.doubleValue())
            : node.toString();
  }

  /**
   * Appends {@code text} wrapped to {@code width}: the first line starts with {@code first}, the
   * others with {@code rest}; breaks at spaces, and inside a word only when it is longer than a
   * line.
   */
  static void wrap(StringBuilder sb, String first, String rest, String text, int width) {
    String indent = first;
    String remaining = text;
    do {
      int room = Math.max(10, width - indent.length());
      String line;
      if (remaining.codePointCount(0, remaining.length()) <= room) {
        line = remaining;
        remaining = "";
      } else {
        int cut = remaining.offsetByCodePoints(0, room);
        int space = remaining.lastIndexOf(' ', cut);
        if (space > 0) {
          line = remaining.substring(0, space);
          remaining = remaining.substring(space + 1);
        } else {
          line = remaining.substring(0, cut);
          remaining = remaining.substring(cut);
        }
      }
      sb.append(indent).append(line.stripTrailing()).append('\n');
      indent = rest;
    } while (!remaining.isEmpty());
  }

  private static String seconds(long millis, String sign) {
    return (millis >= 0 ? sign : "-")
        + String.format("%d.%03ds", Math.abs(millis) / 1000, Math.abs(millis) % 1000);
  }

  /** Numbers as the transcript holds them (ECMAScript form, RFC 8785), not Java's 1.5E-7. */
  private static String jsonNumber(double d) {
    return new String(
            CanonicalJson.canonicalize("[" + d + "]"), java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("^\\[|\\]$", "");
  }

  /** Escapes control characters and invisible format characters (bidi overrides, zero-width). */
  public static String safe(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }
}
