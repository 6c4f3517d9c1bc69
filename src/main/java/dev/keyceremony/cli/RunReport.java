package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Outcome;
import dev.keyceremony.workflow.RunResult;
import java.io.PrintWriter;

/** Prints how a run or resume ended: the outcome, the bundle, what it proves, the next command. */
final class RunReport {
  private RunReport() {}

  static void print(PrintWriter out, PrintWriter err, RunResult r) {
    if (r.outcome() == null) {
      return;
    }
    Outcome o = r.outcome();
    if (o.succeeded()) {
      out.println("SUCCEEDED: key " + o.keyArn() + " now holds the HSM's material (algorithm "
          + o.algorithm() + (o.keyMaterialId() == null ? "" : ", KeyMaterialId "
          + o.keyMaterialId()) + ")");
      o.proofStatements().forEach(st -> out.println("Proof: " + st));
    } else if ("INTERRUPTED".equals(o.causeCode())) {
      err.println("INTERRUPTED in step " + o.failedStep() + ": " + o.message());
      err.println("What exists now is recorded in the signed transcript (ceremony.interrupted).");
    } else {
      err.println("FAILED in step " + o.failedStep() + " (" + o.causeCode() + "): " + o.message());
      err.println("The failure, what exists now and the next command are recorded in the signed"
          + " transcript.");
    }
    out.println("Transcript: " + r.bundle() + " - " + r.report().summary());
    out.println("Check it without this tool: openssl dgst -sha384 -verify " + r.bundle()
        + "/signer.pem -signature " + r.bundle() + "/transcript.sig " + r.bundle()
        + "/transcript.jsonl");
    out.flush();
    err.flush();
  }
}
