package dev.keyceremony.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figures of one batch from its transcript (scripts/bench/bulk.sh runs the batch): wall time, the
 * phases, the GetParametersForImport request rate from the {@code sentAt} of each result (the time
 * the request left, after its pacing slot) against the quota, throttling answers, KMS latencies,
 * and the transcript's own cost. Not a test: a reading aid for docs/BENCHMARKS.md.
 */
public final class BulkBench {
  private BulkBench() {}

  public static void main(String[] args) {
    Path bundle = Path.of(args[0]);
    double quota = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    VerificationReport v = TranscriptVerifier.verify(bundle);
    List<TranscriptEntry> es = v.entries();
    Instant t0 = Instant.parse(es.get(0).time());
    Instant end = Instant.parse(es.get(es.size() - 1).time());
    System.out.println("bundle: " + bundle + " (" + v.summary() + ")");
    System.out.println("entries: " + es.size());
    int ok = 0;
    int failed = 0;
    Instant preflight = null;
    Instant confirmation = null;
    List<Instant> gp = new ArrayList<>();
    List<Long> gpLatency = new ArrayList<>();
    List<Long> importLatency = new ArrayList<>();
    int throttles = 0;
    for (TranscriptEntry e : es) {
      JsonNode d = e.data();
      switch (e.type()) {
        case "step.preflight" -> preflight = Instant.parse(e.time());
        case "batch.confirmation" -> confirmation = Instant.parse(e.time());
        case "batch.key" -> {
          if ("succeeded".equals(d.path("outcome").asText())) {
            ok++;
          } else {
            failed++;
          }
        }
        case "result" -> {
          if (d.has("sentAt")) {
            // The attempt that KMS answered: after retries, the last one (in its own slot).
            Instant sent =
                Instant.parse(
                    d.has("lastAttemptAt")
                        ? d.path("lastAttemptAt").asText()
                        : d.path("sentAt").asText());
            long ms = Duration.between(sent, Instant.parse(e.time())).toMillis();
            switch (d.path("action").asText()) {
              case "kms:GetParametersForImport" -> {
                gp.add(sent);
                gpLatency.add(ms);
              }
              case "kms:ImportKeyMaterial" -> importLatency.add(ms);
              default -> {}
            }
          }
        }
        default -> {}
      }
      for (JsonNode r : d.path("kmsRequests")) {
        throttles += r.path("retries").size();
      }
    }
    gp.sort(null);
    double wall = secs(t0, end);
    System.out.printf(Locale.ROOT, "keys: %d succeeded, %d failed%n", ok, failed);
    System.out.printf(
        Locale.ROOT, "wall (line 1 to seal): %.1f s = %.3f keys/s%n", wall, ok / wall);
    if (preflight != null && confirmation != null) {
      System.out.printf(
          Locale.ROOT,
          "opening+preflight+approvals: %.1f s; phase 1 (keys,"
              + " parameters, wraps): %.1f s; phase 2 (imports, proofs): %.1f s%n",
          secs(t0, preflight),
          secs(preflight, confirmation),
          secs(confirmation, end));
    }
    if (gp.size() > 1) {
      double span = secs(gp.get(0), gp.get(gp.size() - 1));
      double rate = (gp.size() - 1) / span;
      System.out.printf(
          Locale.ROOT,
          "GetParametersForImport: %d requests over %.2f s = %.3f/s"
              + " = %.1f%% of the quota (%.2f/s)%n",
          gp.size(),
          span,
          rate,
          100 * rate / quota,
          quota);
      long minGap = Long.MAX_VALUE;
      for (int i = 1; i < gp.size(); i++) {
        minGap = Math.min(minGap, Duration.between(gp.get(i - 1), gp.get(i)).toMillis());
      }
      System.out.println(
          "GetParametersForImport: smallest gap between requests "
              + minGap
              + " ms; latency (sent to answer) median "
              + median(gpLatency)
              + " ms, max "
              + gpLatency.stream().mapToLong(Long::longValue).max().orElse(0)
              + " ms");
    }
    System.out.println("ImportKeyMaterial latency median " + median(importLatency) + " ms");
    System.out.println("retries recorded (throttling, 5xx): " + throttles);
    System.out.printf(
        Locale.ROOT,
        "transcript: %.1f ms per entry on average over the run%n",
        1000 * wall / es.size());
    JsonNode co = es.get(es.size() - 1).data().path("coordinator");
    if (!co.isMissingNode()) {
      System.out.println(
          "coordinating thread (ms; hsm and proof include the entries they write): " + co);
    }
  }

  private static double secs(Instant a, Instant b) {
    return Duration.between(a, b).toMillis() / 1000.0;
  }

  private static long median(List<Long> l) {
    if (l.isEmpty()) {
      return 0;
    }
    List<Long> s = new ArrayList<>(l);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
