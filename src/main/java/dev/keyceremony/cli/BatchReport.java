package dev.keyceremony.cli;

import dev.keyceremony.ceremony.BulkOutcome;
import dev.keyceremony.workflow.BatchRunner;
import java.io.PrintWriter;

/** Prints how a batch ended: keys succeeded and failed, each failure, the bundle, what next. */
final class BatchReport {
  private BatchReport() {}

  static void print(PrintWriter out, PrintWriter err, BatchRunner.Result r) {
    if (r.outcome() == null) {
      out.flush();
      err.flush();
      return;
    }
    BulkOutcome o = r.outcome();
    String counts =
        o.succeeded()
            + " of "
            + o.total()
            + " keys succeeded, "
            + o.failed()
            + " failed"
            + (o.notDone() > 0 ? ", " + o.notDone() + " not done" : "");
    if (o.allSucceeded()) {
      out.println("SUCCEEDED: " + counts + "; each key's proof is in its batch.key entry");
    } else {
      err.println(
          (o.interrupted() ? "INTERRUPTED: " : "FAILED: ")
              + counts
              + (o.message() == null ? "" : " (" + o.message() + ")"));
      o.failures().forEach(f -> err.println("  " + f));
      err.println(
          "Next: ./ceremony resume "
              + r.bundle()
              + " continues the keys not done and"
              + " those whose failure another attempt may get past; what exists now is listed in"
              + " the signed transcript (batch.key and ceremony.sealed entries).");
    }
    out.println("Transcript: " + r.bundle() + " - " + r.report().summary());
    out.flush();
    err.flush();
  }
}
