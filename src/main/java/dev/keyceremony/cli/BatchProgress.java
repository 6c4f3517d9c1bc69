package dev.keyceremony.cli;

import dev.keyceremony.ceremony.BulkListener;
import dev.keyceremony.ceremony.Fingerprint;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a batch: on a terminal one line redrawn in place (bar, done/total, keys per
 * second, ETA, failures, the last thing that happened), otherwise a plain line every tenth of the
 * keys and at least every 10 seconds. Hand-written rather than {@code me.tongfei:progressbar}: that
 * library brings JLine 3 (a whole terminal stack) for what is one carriage-return line here.
 */
final class BatchProgress implements BulkListener {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final int width;
  private final LongSupplier nanos;
  private long phaseStart;
  private long lastDraw;
  private int lastPrinted;
  private boolean drawn;
  private String phase = "";

  BatchProgress(PrintWriter out, boolean terminal, int width, LongSupplier nanos) {
    this.out = out;
    this.terminal = terminal;
    this.width = Math.max(40, width);
    this.nanos = nanos;
    this.phaseStart = nanos.getAsLong();
  }

  @Override
  public void phase(String name, int total) {
    endLine();
    phase = name;
    phaseStart = nanos.getAsLong();
    lastPrinted = 0;
    lastDraw = 0;
    out.println("Batch: " + name + " (" + total + " keys)");
    out.flush();
  }

  @Override
  public void progress(int done, int failed, int total, String stage) {
    long now = nanos.getAsLong();
    String line = line(done, failed, total, (now - phaseStart) / 1e9, stage);
    if (terminal) {
      if (now - lastDraw < REDRAW_NANOS && done < total) {
        return;
      }
      lastDraw = now;
      String padded =
          line.length() >= width
              ? line.substring(0, width - 1)
              : line + " ".repeat(width - 1 - line.length());
      out.print("\r" + padded);
      drawn = true;
    } else {
      int step = Math.max(1, total / 10);
      if (done - lastPrinted < step && done < total && now - lastDraw < PLAIN_EVERY_NANOS) {
        return;
      }
      if (done == lastPrinted && done == total) {
        return;
      }
      lastPrinted = done;
      lastDraw = now;
      out.println(phase + ": " + line);
    }
    out.flush();
  }

  @Override
  public void confirming(List<String> lines, Fingerprint digest) {
    endLine();
    out.println(
        "Wrapping key fingerprints (key number, KMS key ID, SHA-256 of the wrapping public"
            + " key):");
    lines.forEach(l -> out.println("  " + l));
    out.println(
        "Digest the witnesses confirm (SHA-256 over these lines, each ending in a" + " newline):");
    out.println("  " + digest.groupedHex().replace("\n", "\n  "));
    out.println("  words: " + digest.wordsText());
    out.flush();
  }

  /** Ends a redrawn line before other output. */
  void endLine() {
    if (drawn) {
      out.println();
      drawn = false;
    }
  }

  /** One progress line: {@code [#####.....] 37/100 1.23 keys/s ETA 0:51 failed 1 (stage)}. */
  static String line(int done, int failed, int total, double seconds, String stage) {
    int barWidth = 20;
    int filled = total == 0 ? barWidth : (int) ((long) done * barWidth / total);
    StringBuilder b = new StringBuilder("[");
    b.append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append("] ");
    b.append(done).append('/').append(total);
    double rate = seconds > 0 ? done / seconds : 0;
    b.append(String.format(Locale.ROOT, "  %.2f keys/s", rate));
    if (done >= total) {
      b.append("  done in ").append(clock(seconds));
    } else if (rate > 0) {
      b.append("  ETA ").append(clock((total - done) / rate));
    } else {
      b.append("  ETA --:--");
    }
    if (failed > 0) {
      b.append("  failed ").append(failed);
    }
    if (stage != null) {
      b.append("  (").append(stage).append(')');
    }
    return b.toString();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
