package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.BulkCeremony;
import dev.keyceremony.ceremony.BulkListener;
import dev.keyceremony.ceremony.BulkOutcome;
import dev.keyceremony.ceremony.BulkResumption;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.CeremonyControl;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.Resumption;
import dev.keyceremony.ceremony.script.BulkScript;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.transcript.VerificationReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs and resumes a batch ({@link BulkCeremony}): the same wiring as {@link CeremonyRunner} (HSM
 * and signer, KMS with retries, the signed transcript, participants, the stop signal), one
 * transcript for all keys. The transcript's entries are not echoed one by one (a batch writes about
 * eleven per key); the {@link BulkListener} shows progress instead.
 */
public final class BatchRunner {
  private final CeremonyRunner runner;

  public BatchRunner(CeremonyRunner runner) {
    this.runner = runner;
  }

  /** How a batch run or resume ended; {@code outcome} and {@code report} null if it never began. */
  public record Result(int exitCode, Path bundle, BulkOutcome outcome, VerificationReport report) {
    static Result early(int code) {
      return new Result(code, null, null, null);
    }
  }

  /** True when {@code bundle}'s line 1 describes a batch (read without verifying). */
  public static boolean isBatchBundle(Path bundle) {
    Path t = BundleFiles.transcript(bundle);
    if (!Files.isRegularFile(t)) {
      return false;
    }
    try (BufferedReader r = Files.newBufferedReader(t, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      return line != null
          && line.contains("\"type\":\"ceremony.opened\"")
          && line.contains("\"batch\":{");
    } catch (IOException e) {
      return false;
    }
  }

  public Result run(
      BulkScript bulk,
      byte[] scriptBytes,
      String runId,
      Map<String, Object> environment,
      Participants participants,
      BulkListener listener) {
    CeremonyScript s = bulk.first();
    String ceremonyId = s.name() + "-" + runId;
    Path bundle = s.transcript().out().resolve(ceremonyId);
    if (Files.exists(bundle)) {
      runner.err.println(
          "transcript directory "
              + bundle
              + " already exists; evidence is never"
              + " overwritten: use another transcript.out or --out; nothing was done");
      return Result.early(ExitStatus.INVALID_INPUT);
    }
    Map<String, Object> env = new LinkedHashMap<>(environment);
    env.put("runId", runId);
    BundleSession opened;
    try {
      opened = runner.openNew(s, scriptBytes, ceremonyId, bundle, env, participants);
    } catch (CeremonyRunner.SetupStopped stopped) {
      return early(stopped.result);
    }
    try (BundleSession bs = opened) {
      runner.out.println(
          "Batch "
              + ceremonyId
              + " ("
              + bulk.batch().count()
              + " keys):"
              + " transcript "
              + bundle);
      runner.out.flush();
      return execute(
          bulk,
          bs.hsm,
          bs.kms,
          bs.writer,
          bs.signer,
          participants,
          env,
          listener,
          new CeremonyControl(
              ceremonyId, bundle.toString(), runner.stop::requested, Resumption.NONE),
          BulkResumption.NONE);
    }
  }

  private static Result early(RunResult r) {
    return new Result(r.exitCode(), r.bundle(), null, r.report());
  }

  private Result execute(
      BulkScript bulk,
      HsmConnector.Connection hsm,
      OpenedKms kms,
      TranscriptWriter writer,
      HsmTranscriptSigner ts,
      Participants participants,
      Map<String, Object> env,
      BulkListener listener,
      CeremonyControl control,
      BulkResumption resumption) {
    BulkOutcome o;
    try {
      CeremonyScript s = bulk.first();
      CeremonyContext ctx =
          new CeremonyContext(
              s,
              hsm.session(),
              kms.kms(),
              new TranscriptJournal(writer, line -> {}, runner.pauseHook()),
              participants,
              runner.clock,
              new SecureRandom(),
              p -> p.read("Security Officer PIN for token " + s.hsm().token()),
              env,
              control);
      o = new BulkCeremony(bulk, ctx, resumption, listener).run();
    } finally {
      writer.close();
      runner.stop.finished();
    }
    Path bundle = writer.directory();
    VerificationReport report = TranscriptVerifier.verify(bundle, ts.signerFingerprint());
    int code =
        !report.isValid()
            ? ExitStatus.TRANSCRIPT_INVALID
            : o.allSucceeded()
                ? ExitStatus.OK
                : o.interrupted() ? ExitStatus.INTERRUPTED : ExitStatus.FAILED;
    return new Result(code, bundle, o, report);
  }

  /**
   * {@code resume} of a batch: verifies the bundle, folds it ({@link BatchRecord}), reconciles the
   * open intents with KMS and the HSM, and continues every key that is not finished; keys that
   * succeeded, and keys that failed for a cause another attempt cannot get past, are left alone.
   */
  public Result resume(
      Path bundle,
      Function<BulkScript, BulkScript> acknowledgements,
      Function<CeremonyScript, Participants> participants,
      Map<String, Object> environment,
      BulkListener listener) {
    BundleOpener.Read b;
    try {
      b = BundleOpener.read(bundle, "resume", runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return Result.early(r.exit);
    }
    if (b.bulk() == null) {
      runner.err.println("resume: " + bundle + " is not a batch; nothing was touched");
      return Result.early(ExitStatus.INVALID_INPUT);
    }
    BatchRecord rec = BatchRecord.of(b.report().entries());
    String id = b.record().ceremonyId();
    if (b.record().status() == CeremonyRecord.Status.ABANDONED) {
      runner.err.println("resume: batch " + id + " was abandoned; it is never continued");
      return new Result(ExitStatus.FAILED, bundle, null, b.report());
    }
    if (rec.unfinished() == 0) {
      int failed = rec.finished("failed");
      (failed == 0 ? runner.out : runner.err)
          .println(
              "resume: every key of batch "
                  + id
                  + " is finished ("
                  + rec.finished("succeeded")
                  + " succeeded, "
                  + failed
                  + " failed"
                  + " for a cause another attempt cannot get past); nothing to do, nothing changed");
      return new Result(failed == 0 ? ExitStatus.OK : ExitStatus.FAILED, bundle, null, b.report());
    }
    BulkScript bulk = acknowledgements.apply(b.bulk());
    Participants p = participants.apply(bulk.first());
    if (p == null) {
      return Result.early(ExitStatus.INVALID_INPUT);
    }
    CeremonyScript s = bulk.first();
    if (s.kms().embedded()) {
      runner.err.println(
          "resume: this batch used the embedded local KMS, whose keys vanished"
              + " with the process that ran it; there is nothing to continue");
      return new Result(ExitStatus.FAILED, bundle, null, b.report());
    }
    BundleSession opened;
    try {
      opened = BundleSession.open(b, s, "resume", runner.stop::requested, runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return Result.early(r.exit);
    }
    try (BundleSession bs = opened) {
      TranscriptJournal journal = new TranscriptJournal(bs.writer);
      runner.out.println(
          "Resuming batch "
              + id
              + ": "
              + rec.unfinished()
              + " of "
              + rec.count()
              + " keys to continue; transcript "
              + bundle);
      Map<String, Object> d = new LinkedHashMap<>(environment);
      d.put("previousStatus", rec.sealed() == null ? "crashed" : rec.sealed());
      d.put("openIntents", rec.openIntents().size());
      d.put("keysToContinue", rec.unfinished());
      String actor = "operator:" + s.roles().operator();
      journal.record("ceremony.resumed", actor, d);
      Reconciler rc = bs.reconciler();
      for (BatchRecord.OpenIntent i : rec.openIntents()) {
        Map<String, Object> r = new LinkedHashMap<>(rc.reconcile(i.intent()));
        r.put("key", i.key());
        journal.record("result", actor, r);
        runner.out.println(
            "  reconciled key "
                + i.key()
                + " "
                + r.get("action")
                + ": "
                + r.get("status")
                + " ("
                + r.get("found")
                + ")");
      }
      BatchRecord now = BatchRecord.of(TranscriptVerifier.verify(bundle).entries());
      runner.out.flush();
      return execute(
          bulk,
          bs.hsm,
          bs.kms,
          bs.writer,
          bs.signer,
          p,
          environment,
          listener,
          new CeremonyControl(id, bundle.toString(), runner.stop::requested, Resumption.NONE),
          now.resumption());
    }
  }
}
