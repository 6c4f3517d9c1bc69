package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.script.Acknowledgements;
import dev.keyceremony.ceremony.script.BulkScript;
import dev.keyceremony.ceremony.script.BulkScriptParser;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.workflow.BatchRunner;
import dev.keyceremony.workflow.CeremonyRunner;
import dev.keyceremony.workflow.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/** {@code run} and {@code resume} for a bulk script (one with a {@code batch} section). */
final class BatchCli {
  private BatchCli() {}

  /** {@code read}: the script, read once by {@link ScriptLoader#read}; its bytes are hashed. */
  static int run(
      ScriptLoader.Read read,
      Path out,
      Path acks,
      boolean nonInteractive,
      boolean approvals,
      PrintWriter o,
      PrintWriter e,
      KmsOptions kms) {
    if (approvals) {
      e.println(
          "--approvals (signed approval requests) is not available for a batch yet: approve"
              + " at the prompt or with --non-interactive and acknowledgements; nothing was done");
      return ExitCodes.INVALID_INPUT;
    }
    Clock clock = Clock.systemUTC();
    String runId = ScriptLoader.newRunId(clock);
    Path script = read.path();
    byte[] bytes = read.bytes();
    ScriptParser parser = new ScriptParser(clock, runId);
    BulkScript bulk =
        new BulkScriptParser(parser)
            .parse(read.text(), script.toString(), script.toAbsolutePath().getParent());
    if (out != null) {
      bulk = bulk.withTranscriptOut(out.toAbsolutePath().normalize());
    }
    if (acks != null) {
      Acknowledgements a = parser.parseAcknowledgements(acks, bulk.first().roles());
      bulk = bulk.withAcknowledgements(a);
    }
    CeremonyScript asWritten = bulk.first();
    bulk = new BulkScript(bulk.batch(), bulk.keys().stream().map(kms::apply).toList());
    Participants p =
        CeremonyIo.participants(bulk.first(), nonInteractive, "run", o, e, clock, null);
    if (p == null) {
      return ExitCodes.INVALID_INPUT;
    }
    BatchProgress progress = progress(o);
    CeremonyRunner runner =
        new CeremonyRunner(
            o,
            e,
            clock,
            StopSignal.install(
                line -> {
                  progress.endLine();
                  e.println(line);
                }));
    BatchRunner.Result r =
        new BatchRunner(runner)
            .run(
                bulk,
                bytes,
                runId,
                kms.facts(
                    asWritten,
                    EnvironmentFacts.collect(
                        script.toString(), script.toAbsolutePath().getParent(), bytes)),
                p,
                progress);
    progress.endLine();
    BatchReport.print(o, e, r);
    return r.exitCode();
  }

  /**
   * {@code plan} of a bulk script: the strict parse (every problem with its field path) and what
   * the batch would do; the device checks of a single plan are made by run's preflight.
   */
  static int plan(ScriptLoader.Read read, PrintWriter o, PrintWriter e) {
    Clock clock = Clock.systemUTC();
    Path script = read.path();
    BulkScript bulk;
    try {
      bulk =
          new BulkScriptParser(new ScriptParser(clock, "{run}"))
              .parse(read.text(), script.toString(), script.toAbsolutePath().getParent());
    } catch (ScriptException ex) {
      e.println(ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    var b = bulk.batch();
    var first = bulk.first();
    o.println(
        "Bulk script "
            + script
            + ": valid, "
            + b.count()
            + " keys ("
            + first.key().create().spec()
            + "), e.g. "
            + first.material().label()
            + " / "
            + first.key().create().alias()
            + " to "
            + bulk.keys().get(b.count() - 1).material().label());
    o.println(
        "on-failure: "
            + (b.stopOnFailure() ? "stop" : "continue")
            + "; pace (requests/s):"
            + " CreateKey "
            + b.pace().createKey()
            + ", CreateAlias "
            + b.pace().createAlias()
            + ", GetParametersForImport "
            + b.pace().getParametersForImport()
            + ", ImportKeyMaterial "
            + b.pace().importKeyMaterial());
    o.println(
        "plan does not touch the HSM or KMS for a batch (not available yet): run makes the"
            + " same checks in its preflight (token, self-test, KMS, every alias free, every label"
            + " new) before any side effect");
    return ExitCodes.OK;
  }

  static int resume(
      Path bundle, Path acks, boolean nonInteractive, PrintWriter o, PrintWriter e, boolean debug) {
    Clock clock = Clock.systemUTC();
    BatchProgress progress = progress(o);
    CeremonyRunner runner =
        new CeremonyRunner(
            o,
            e,
            clock,
            StopSignal.install(
                line -> {
                  progress.endLine();
                  e.println(line);
                }));
    BatchRunner.Result r =
        new BatchRunner(runner)
            .resume(
                bundle.toAbsolutePath().normalize(),
                s ->
                    acks == null
                        ? s
                        : s.withAcknowledgements(
                            new ScriptParser(clock, "resume")
                                .parseAcknowledgements(acks, s.first().roles())),
                s -> CeremonyIo.participants(s, nonInteractive, "resume", o, e, clock, null),
                EnvironmentFacts.collect(bundle.resolve("script.yaml").toString(), bundle, null),
                progress);
    progress.endLine();
    BatchReport.print(o, e, r);
    return r.exitCode();
  }

  private static BatchProgress progress(PrintWriter o) {
    var t = dev.keyceremony.cli.kms.Terminal.system();
    return new BatchProgress(o, t.interactive(), t.width(), System::nanoTime);
  }
}
