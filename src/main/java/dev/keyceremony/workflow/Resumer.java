package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.CeremonyControl;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.Resumption;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code resume BUNDLE}: verifies the bundle, rebuilds the ceremony's state from its transcript,
 * reconciles every open intent with KMS and the HSM (recording what it found), then continues from
 * the first incomplete step, appending to the same bundle. Never a second material, never a second
 * KMS key.
 */
public final class Resumer {
  private final CeremonyRunner runner;

  public Resumer(CeremonyRunner runner) {
    this.runner = runner;
  }

  /**
   * @param participants makes the participants for the bundle's script (null: the cli already said
   *     why it cannot, e.g. --non-interactive without acknowledgements)
   * @param acknowledgements applied to the bundle's script before participants are made
   */
  public RunResult resume(
      Path bundle,
      Function<CeremonyScript, CeremonyScript> acknowledgements,
      Function<CeremonyScript, Participants> participants,
      Map<String, Object> environment) {
    java.util.Optional<String> phased = airGapped(bundle);
    if (phased.isPresent()) {
      runner.err.println(phased.get());
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    BundleOpener.Read b;
    try {
      b = BundleOpener.read(bundle, "resume", runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return RunResult.early(r.exit);
    }
    if (b.bulk() != null) {
      runner.err.println(
          "resume: "
              + bundle
              + " is a batch of "
              + b.bulk().batch().count()
              + " keys; a batch is continued by BatchRunner.resume (the resume command does so);"
              + " nothing was touched");
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    CeremonyRecord rec = b.record();
    switch (rec.status()) {
      case SUCCEEDED -> {
        runner.out.println(
            "resume: ceremony "
                + rec.ceremonyId()
                + " already completed (key "
                + rec.keyArn()
                + "); nothing to do, nothing changed. Check it with ./ceremony"
                + " transcript verify "
                + bundle);
        return new RunResult(ExitStatus.OK, bundle, null, b.report());
      }
      case ABANDONED -> {
        runner.err.println(
            "resume: ceremony "
                + rec.ceremonyId()
                + " was abandoned; an abandoned"
                + " ceremony is never continued. Start a new one with ./ceremony run SCRIPT");
        return new RunResult(ExitStatus.FAILED, bundle, null, b.report());
      }
      case FAILED -> {
        if (!rec.retryable()) {
          runner.err.println(
              "resume: ceremony "
                  + rec.ceremonyId()
                  + " failed in step "
                  + rec.failedStep()
                  + " with "
                  + rec.cause()
                  + ", which another attempt cannot get"
                  + " past; nothing changed. Undo what it created with ./ceremony abandon "
                  + bundle
                  + " and hold a new ceremony");
          return new RunResult(ExitStatus.FAILED, bundle, null, b.report());
        }
      }
      default -> {}
    }
    CeremonyScript s = acknowledgements.apply(b.script());
    Participants p = participants.apply(s);
    if (p == null) {
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    if (s.kms().embedded()) {
      runner.err.println(
          "resume: this ceremony used the embedded local KMS, whose keys vanished"
              + " with the process that ran it; there is nothing to continue. Start a new one");
      return new RunResult(ExitStatus.FAILED, bundle, null, b.report());
    }
    BundleSession opened;
    try {
      opened = BundleSession.open(b, s, "resume", runner.stop::requested, runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return RunResult.early(r.exit);
    }
    try (BundleSession bs = opened) {
      TranscriptJournal journal = new TranscriptJournal(bs.writer, runner.out::println, () -> {});
      runner.out.println(
          "Resuming ceremony "
              + rec.ceremonyId()
              + " ("
              + rec.status().name().toLowerCase(java.util.Locale.ROOT)
              + "): transcript "
              + bundle);
      Map<String, Object> d = new LinkedHashMap<>(environment);
      d.put("previousStatus", rec.status().name().toLowerCase(java.util.Locale.ROOT));
      d.put("openIntents", rec.openIntents().size());
      String actor = "operator:" + s.roles().operator();
      journal.record("ceremony.resumed", actor, d);
      Reconciler rc = bs.reconciler();
      List<Object> found = new ArrayList<>();
      for (CeremonyRecord.Intent i : rec.openIntents()) {
        Map<String, Object> r = rc.reconcile(i);
        journal.record("result", actor, r);
        found.add(r.get("action") + ": " + r.get("status") + " (" + r.get("found") + ")");
      }
      found.forEach(f -> runner.out.println("  reconciled " + f));
      CeremonyRecord now = CeremonyRecord.of(TranscriptVerifier.verify(bundle).entries());
      Resumption resumption =
          new Resumption(
              now.approved(),
              now.keyCreated() ? now.keyId() : null,
              now.alias() != null,
              now.materialLabel(),
              now.materialIdHex(),
              now.imported(),
              now.keyMaterialId(),
              now.previousKeyMaterialId(),
              now.importedValidTo());
      return runner.execute(
          s,
          bs.hsm,
          bs.kms,
          bs.writer,
          bs.signer,
          p,
          environment,
          new CeremonyControl(
              rec.ceremonyId(), bundle.toString(), runner.stop::requested, resumption));
    }
  }

  /**
   * An air-gapped ceremony is carried on by its phase commands, never by resume (which would need
   * the HSM and KMS on one machine): the message that says which command, or empty.
   */
  static java.util.Optional<String> airGapped(Path bundle) {
    if (!java.nio.file.Files.isRegularFile(
        dev.keyceremony.transcript.BundleFiles.transcript(bundle))) {
      return java.util.Optional.empty();
    }
    var report = TranscriptVerifier.verify(bundle);
    if (report.verdict() == dev.keyceremony.transcript.Verdict.INVALID
        || report.entries().isEmpty()) {
      return java.util.Optional.empty(); // BundleOpener says why
    }
    CeremonyRecord rec = CeremonyRecord.of(report.entries());
    String next = rec.awaitedPhase();
    if (next == null) {
      return java.util.Optional.empty();
    }
    String head =
        "resume: "
            + bundle
            + " is an air-gapped ceremony ("
            + rec.ceremonyId()
            + "); resume does not continue it: its phases run on two machines. ";
    if ("prepare".equals(next)) {
      return java.util.Optional.of(
          head
              + "Its prepare phase never completed, and an unfinished"
              + " prepare is not continued: a KMS key it may have created carries the tag "
              + dev.keyceremony.ceremony.AirGapPhases.ceremonyTag()
              + "="
              + rec.ceremonyId()
              + " and stays PendingImport (schedule its deletion); run ./ceremony prepare SCRIPT"
              + " again. Nothing was changed");
    }
    String again =
        rec.phaseInProgress() == null
            ? ""
            : "The last run of "
                + ("prepare".equals(rec.phaseInProgress())
                    ? "prepare --refresh"
                    : "phase " + rec.phaseInProgress())
                + " did not complete; running its"
                + " command again reconciles what it left (open intents: "
                + rec.openIntents().size()
                + ") and goes on. ";
    return java.util.Optional.of(
        head
            + "It waits for phase "
            + next
            + ". "
            + again
            + "Run: "
            + AirGapBundle.command(next, bundle)
            + (next.equals("wrap") || next.equals("import")
                ? " (or, if the import parameters expired, " + AirGapRefresh.command(bundle) + ")"
                : "")
            + ". Nothing was changed");
  }
}
