package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.AirGapFacts;
import dev.keyceremony.ceremony.AirGapPhases;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.OnlineHsm;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code prepare --refresh DIR}: on the online machine, new import parameters for a bundle that
 * waits for wrap or import (the old ones expired, 24 hours after prepare, or are about to). The old
 * files are kept, renamed {@code NAME.superseded-SEQ} (SEQ: the refresh's {@code phase.started}
 * entry), and their SHA-256 stay in the transcript; an earlier {@code EncryptedKeyMaterial.bin}
 * (wrapped under the old key) is kept the same way. The refresh ends with a {@code phase.completed}
 * of phase prepare again, so the bundle waits for a new wrap, and the witnesses write down the new
 * fingerprint and digest.
 */
final class AirGapRefresh {
  /** The files a refresh supersedes, in the order they are renamed. */
  static final List<String> SUPERSEDED =
      List.of(AirGapBundle.WRAPPING_KEY, AirGapBundle.IMPORT_TOKEN, AirGapBundle.ENCRYPTED);

  private final AirGap airGap;
  private final CeremonyRunner runner;

  AirGapRefresh(AirGap airGap, CeremonyRunner runner) {
    this.airGap = airGap;
    this.runner = runner;
  }

  static String command(Path dir) {
    return "./ceremony prepare --refresh " + dir + " on the ONLINE machine";
  }

  int run(Path dir) {
    AirGapBundle b;
    try {
      b = AirGapBundle.openForRefresh(dir, runner.clock);
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return r.exit;
    }
    CeremonyScript s = b.script;
    String waitedFor = b.lastPhase.data().path("next").asText();
    OpenedKms opened = runner.openKmsOrSay("prepare --refresh", s, "nothing was changed");
    if (opened == null) {
      return ExitStatus.SETUP_FAILED;
    }
    try (OpenedKms kms = opened;
        TranscriptWriter w = TranscriptWriter.appendUnsigned(dir, b.pin, runner.clock)) {
      TranscriptEntry start =
          airGap.started(
              w, s, "prepare", "online", Map.of("refresh", true, "bundleWaitedFor", waitedFor));
      airGap.reconcile(b, w, s, kms.kms(), new OnlineHsm("prepare --refresh"), false);
      AirGapFacts f = b.facts();
      AirGapPhases.Result r =
          new AirGapPhases(
                  airGap.context(
                      s,
                      new OnlineHsm("prepare"),
                      kms.kms(),
                      w,
                      AirGap.unusedParticipants(),
                      Map.of(),
                      b.record.ceremonyId(),
                      dir))
              .refresh(f);
      if (!r.succeeded()) {
        runner.err.println(
            "prepare --refresh failed in step "
                + r.failedStep()
                + " ("
                + r.cause()
                + "): "
                + r.message()
                + (r.fix() == null ? "" : "; " + r.fix()));
        runner.err.println(
            "Recorded in "
                + dir
                + ". The bundle's files are unchanged and it"
                + " still waits for "
                + waitedFor
                + "; when the cause is fixed, run "
                + command(dir)
                + " again.");
        return ExitStatus.FAILED;
      }
      Map<String, Object> kept = supersede(dir, start.seq());
      ImportParameters params = (ImportParameters) r.outputs().get("parameters");
      AirGapBundle.write(dir, AirGapBundle.WRAPPING_KEY, params.publicKeySpki());
      AirGapBundle.write(dir, AirGapBundle.IMPORT_TOKEN, params.importToken());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("refresh", true);
      extra.put("superseded", kept);
      TranscriptEntry done = airGap.completed(w, s, "prepare", "wrap", dir, extra);
      Fingerprint fp = (Fingerprint) r.outputs().get("fingerprint");
      runner.out.println();
      runner.out.println(
          "New import parameters; the old files are kept as "
              + String.join(", ", kept.keySet())
              + ".");
      runner.out.println(
          "WITNESSES, write these down; they are compared in the offline room"
              + " (the values written down before no longer apply):");
      runner.out.println(
          "Wrapping key fingerprint (SHA-256 of " + AirGapBundle.WRAPPING_KEY + "):");
      runner.out.println(fp.groupedHex());
      runner.out.println("words: " + fp.wordsText());
      airGap.printDigest("prepare", done.sha256());
      runner.out.println(
          "Import parameters valid until "
              + params.parametersValidTo()
              + ": import must happen before then.");
      runner.out.println(
          "Next: carry "
              + dir
              + " across; "
              + AirGapBundle.command("wrap", dir)
              + " (a new wrap: the material is wrapped again under the new key)");
      return ExitStatus.OK;
    }
  }

  /**
   * Renames the superseded files to {@code NAME.superseded-SEQ}; returns new name -> SHA-256. The
   * parameters were fetched and recorded before this, so a crash here leaves both on record.
   */
  private static Map<String, Object> supersede(Path dir, long seq) {
    Map<String, Object> kept = new LinkedHashMap<>();
    for (String name : SUPERSEDED) {
      Path from = dir.resolve(name);
      if (!Files.exists(from)) {
        continue;
      }
      String to = name + ".superseded-" + seq;
      try {
        kept.put(to, Fingerprint.sha256Hex(Files.readAllBytes(from)));
        Files.move(from, dir.resolve(to)); // never replaces: fails if the target exists
      } catch (IOException e) {
        throw new UncheckedIOException("cannot rename " + from + " to " + to, e);
      }
    }
    return kept;
  }
}
