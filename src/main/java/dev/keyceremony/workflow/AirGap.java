package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.AirGapFacts;
import dev.keyceremony.ceremony.AirGapPhases;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.CeremonyControl;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.OfflineKms;
import dev.keyceremony.ceremony.OnlineHsm;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.Resumption;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The four phases of an air-gapped ceremony on one bundle directory carried on removable media
 * (docs/decisions/0009-air-gapped-phases.md): {@code prepare} and {@code import} online with no
 * PKCS#11 module, {@code wrap} and {@code seal} offline with no KMS client (no credentials read, no
 * socket). Each phase refuses, changing nothing, a bundle in another phase, a bundle changed since
 * the last phase, or another signer; each ends with a {@code phase.completed} entry that records
 * the SHA-256 of every file of the bundle.
 */
public final class AirGap {
  private final CeremonyRunner runner;

  public AirGap(CeremonyRunner runner) {
    this.runner = runner;
  }

  CeremonyContext context(
      CeremonyScript s,
      dev.keyceremony.hsm.HsmSession hsm,
      Kms kms,
      TranscriptWriter w,
      Participants p,
      Map<String, Object> env,
      String id,
      Path dir) {
    return new CeremonyContext(
        s,
        hsm,
        kms,
        new TranscriptJournal(w, runner.out::println, runner.pauseHook()),
        p,
        runner.clock,
        new SecureRandom(),
        ps -> ps.read("Security Officer PIN for token " + s.hsm().token()),
        env,
        new CeremonyControl(id, dir.toString(), runner.stop::requested, Resumption.NONE));
  }

  /** {@code prepare SCRIPT}: online. Returns the exit status. */
  public int prepare(
      CeremonyScript s,
      byte[] scriptBytes,
      String runId,
      Map<String, Object> environment,
      Participants p) {
    String pin = s.transcript().signerFingerprint();
    if (pin == null) {
      runner.err.println(
          "prepare: transcript.signer-fingerprint is required for an air-gapped"
              + " ceremony: the online machines cannot ask the HSM which key signs, so the script"
              + " pins it. Get it on the offline machine with ./ceremony hsm create-signer (or"
              + " openssl pkey -pubin -in signer.pem -outform DER | openssl dgst -sha256); nothing"
              + " was done");
      return ExitStatus.INVALID_INPUT;
    }
    if (s.wrapping().explicitAlgorithm().isEmpty()) {
      runner.err.println(
          "prepare: wrapping.algorithm is auto; an air-gapped ceremony must name"
              + " it (auto is chosen by the token, which prepare has not got). wrap refuses it if"
              + " the token cannot do it; nothing was done");
      return ExitStatus.INVALID_INPUT;
    }
    if (s.kms().embedded()) {
      runner.err.println(
          "prepare: kms.embedded vanishes with this process; an air-gapped"
              + " ceremony needs a KMS that is still there for import: use kms.endpoint or a"
              + " region; nothing was done");
      return ExitStatus.INVALID_INPUT;
    }
    String id = s.name() + "-" + runId;
    Path dir = s.transcript().out().resolve(id);
    if (Files.exists(dir)) {
      runner.err.println(
          "prepare: "
              + dir
              + " already exists; evidence is never overwritten;"
              + " nothing was done");
      return ExitStatus.INVALID_INPUT;
    }
    Map<String, Object> env = new LinkedHashMap<>(environment);
    env.put("runId", runId);
    OpenedKms opened = runner.openKmsOrSay("prepare", s, "nothing was done");
    if (opened == null) {
      return ExitStatus.SETUP_FAILED;
    }
    try (OpenedKms kms = opened;
        TranscriptWriter w =
            TranscriptWriter.createPending(
                dir,
                id,
                pin,
                "air-gapped ceremony:"
                    + " the signer is in the offline HSM; phase wrap signs everything before it",
                runner.clock)) {
      dev.keyceremony.transcript.BundleFiles.writeScript(dir, scriptBytes);
      runner.out.println("Ceremony " + id + ": transcript " + dir);
      AirGapPhases.Result r =
          new AirGapPhases(context(s, new OnlineHsm("prepare"), kms.kms(), w, p, env, id, dir))
              .prepare();
      if (!r.succeeded()) {
        return failed("prepare", r, dir);
      }
      ImportParameters params = (ImportParameters) r.outputs().get("parameters");
      AirGapBundle.write(dir, AirGapBundle.WRAPPING_KEY, params.publicKeySpki());
      AirGapBundle.write(dir, AirGapBundle.IMPORT_TOKEN, params.importToken());
      TranscriptEntry done = completed(w, s, "prepare", "wrap", dir);
      Fingerprint f = (Fingerprint) r.outputs().get("fingerprint");
      runner.out.println();
      runner.out.println("WITNESSES, write these down; they are compared in the offline room:");
      runner.out.println(
          "Wrapping key fingerprint (SHA-256 of " + AirGapBundle.WRAPPING_KEY + "):");
      runner.out.println(f.groupedHex());
      runner.out.println("words: " + f.wordsText());
      printDigest("prepare", done.sha256());
      runner.out.println(
          "Import parameters valid until "
              + params.parametersValidTo()
              + ": import must happen before then.");
      runner.out.println("Next: carry " + dir + " across; " + AirGapBundle.command("wrap", dir));
      return ExitStatus.OK;
    }
  }

  void printDigest(String phase, String sha256) {
    Fingerprint d = AirGapPhases.digest(sha256);
    runner.out.println(
        phase
            + " digest (SHA-256 of the "
            + phase
            + " phase's last entry, which"
            + " hashes every file of the bundle):");
    runner.out.println(d.groupedHex());
    runner.out.println("words: " + d.wordsText());
  }

  private TranscriptEntry completed(
      TranscriptWriter w, CeremonyScript s, String phase, String next, Path dir) {
    return completed(w, s, phase, next, dir, Map.of());
  }

  TranscriptEntry completed(
      TranscriptWriter w,
      CeremonyScript s,
      String phase,
      String next,
      Path dir,
      Map<String, Object> extra) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("phase", phase);
    d.put("next", next);
    d.putAll(extra);
    d.put("files", new LinkedHashMap<>(AirGapBundle.hashes(dir)));
    d.put("command", AirGapBundle.command(next, dir));
    TranscriptEntry e =
        w.append(AirGapBundle.PHASE_COMPLETED, "operator:" + s.roles().operator(), d);
    w.checkpoint();
    runner.out.println("  [" + e.seq() + "] phase.completed " + phase + " -> " + next);
    return e;
  }

  private int failed(String phase, AirGapPhases.Result r, Path dir) {
    runner.err.println(
        phase
            + " failed in step "
            + r.failedStep()
            + " ("
            + r.cause()
            + "): "
            + r.message()
            + (r.fix() == null ? "" : "; " + r.fix()));
    runner.err.println(
        "Recorded in "
            + dir
            + ". The phase did not complete; when the cause is"
            + " fixed, run "
            + AirGapBundle.command(phase, dir)
            + " again.");
    return ExitStatus.FAILED;
  }

  /** {@code prepare --refresh DIR}: online; new import parameters (see {@link AirGapRefresh}). */
  public int refresh(Path dir) {
    return new AirGapRefresh(this, runner).run(dir);
  }

  /** {@code wrap DIR}: offline, with the HSM. */
  public int wrap(
      Path dir,
      Function<CeremonyScript, Participants> participants,
      AirGapPhases.WrittenDown written) {
    AirGapBundle b;
    try {
      b =
          AirGapBundle.open(
              dir,
              "wrap",
              runner.clock,
              Set.of(AirGapBundle.ENCRYPTED, dev.keyceremony.transcript.BundleFiles.SIGNER_PEM));
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return r.exit;
    }
    CeremonyScript s = b.script;
    Participants p = participants.apply(s);
    if (p == null) {
      return ExitStatus.INVALID_INPUT;
    }
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException e) {
      runner.err.println("wrap: HSM: " + e.getMessage() + "; nothing was changed");
      return ExitStatus.SETUP_FAILED;
    }
    try (hsm) {
      Optional<HsmTranscriptSigner> ts = signer(hsm, s, b.pin, "wrap");
      if (ts.isEmpty()) {
        return ExitStatus.FAILED;
      }
      AirGapFacts f = b.facts();
      try (TranscriptWriter w = TranscriptWriter.resume(dir, ts.get(), runner.clock)) {
        String prepareDigest = b.lastPhase.sha256();
        started(w, s, "wrap", "offline");
        reconcile(b, w, s, new OfflineKms("wrap"), hsm.session(), true);
        f = b.facts();
        AirGapPhases.Result r =
            new AirGapPhases(
                    context(
                        s,
                        hsm.session(),
                        new OfflineKms("wrap"),
                        w,
                        p,
                        Map.of(),
                        b.record.ceremonyId(),
                        dir))
                .wrap(f, written, prepareDigest);
        if (!r.succeeded()) {
          return failed("wrap", r, dir);
        }
        AirGapBundle.write(dir, AirGapBundle.ENCRYPTED, (byte[]) r.outputs().get("ciphertext"));
        TranscriptEntry done = completed(w, s, "wrap", "import", dir);
        runner.out.println(
            "Wrapped: "
                + dir.resolve(AirGapBundle.ENCRYPTED)
                + "; transcript"
                + " signed by the HSM signer "
                + ts.get().signerFingerprint());
        printDigest("wrap", done.sha256());
        runner.out.println(
            "Next: carry " + dir + " across; " + AirGapBundle.command("import", dir));
        return ExitStatus.OK;
      }
    }
  }

  private void started(TranscriptWriter w, CeremonyScript s, String phase, String machine) {
    started(w, s, phase, machine, Map.of());
  }

  TranscriptEntry started(
      TranscriptWriter w,
      CeremonyScript s,
      String phase,
      String machine,
      Map<String, Object> extra) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("phase", phase);
    d.put("machine", machine);
    d.putAll(extra);
    d.put("java", System.getProperty("java.version"));
    d.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    TranscriptEntry e = w.append("phase.started", "operator:" + s.roles().operator(), d);
    w.checkpoint();
    runner.out.println("  [" + e.seq() + "] phase.started " + phase + " (" + machine + ")");
    return e;
  }

  /**
   * A phase run again after an interrupted run (killed between an intent and its result): asks the
   * HSM (offline phases) or KMS (online phases) what became of each open intent and records the
   * answer, so that the phase goes on from what exists and never repeats a side effect. Intents of
   * the other machine's kind are left open (this machine cannot ask).
   */
  void reconcile(
      AirGapBundle b,
      TranscriptWriter w,
      CeremonyScript s,
      Kms kms,
      dev.keyceremony.hsm.HsmSession hsm,
      boolean offline) {
    java.util.List<dev.keyceremony.workflow.CeremonyRecord.Intent> open =
        b.recordNow().openIntents();
    if (open.isEmpty()) {
      return;
    }
    TranscriptJournal j = new TranscriptJournal(w, runner.out::println, () -> {});
    Reconciler rc = new Reconciler(kms, hsm);
    for (CeremonyRecord.Intent i : open) {
      if (i.action().startsWith("hsm:") != offline) {
        runner.out.println(
            "  left open: intent "
                + i.seq()
                + " "
                + i.action()
                + " (this machine"
                + " cannot ask "
                + (offline ? "KMS" : "the HSM")
                + ")");
        continue;
      }
      Map<String, Object> r = rc.reconcile(i);
      j.record("result", "operator:" + s.roles().operator(), r);
      runner.out.println(
          "  reconciled " + r.get("action") + ": " + r.get("status") + " (" + r.get("found") + ")");
    }
    b.reload();
  }

  private Optional<HsmTranscriptSigner> signer(
      HsmConnector.Connection hsm, CeremonyScript s, String pin, String phase) {
    Optional<SignerKey> k = hsm.session().findSigner(s.transcript().signer());
    if (k.isEmpty()) {
      runner.err.println(
          phase
              + ": no signer key labelled '"
              + s.transcript().signer()
              + "' in token "
              + s.hsm().token()
              + "; the script pins "
              + pin
              + "; nothing was"
              + " changed");
      return Optional.empty();
    }
    HsmTranscriptSigner ts = new HsmTranscriptSigner(hsm.session().evidence(), k.get());
    if (!ts.signerFingerprint().equals(pin)) {
      runner.err.println(
          phase
              + ": the signer key labelled '"
              + s.transcript().signer()
              + "' in token "
              + s.hsm().token()
              + " is "
              + ts.signerFingerprint()
              + ", but the"
              + " script pins transcript.signer-fingerprint "
              + pin
              + "; wrong signer (or wrong"
              + " token); nothing was changed");
      return Optional.empty();
    }
    return Optional.of(ts);
  }

  /** {@code import DIR}: online. */
  public int importPhase(Path dir) {
    return importPhase(dir, KmsOverride.NONE);
  }

  /** {@code import DIR} with command-line kms overrides, recorded in its phase.started entry. */
  public int importPhase(Path dir, KmsOverride override) {
    AirGapBundle b;
    try {
      b = AirGapBundle.open(dir, "import", runner.clock, Set.of());
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return r.exit;
    }
    CeremonyScript s = override.any() ? b.script.withKms(override.apply(b.script.kms())) : b.script;
    AirGapFacts f = b.facts();
    Instant validTo = f.parameters().parametersValidTo();
    Instant now = runner.clock.instant();
    if (validTo != null && !now.isBefore(validTo)) {
      runner.err.println(
          "import: the import parameters in "
              + dir
              + " expired at "
              + validTo
              + " (now "
              + now
              + "): KMS would refuse the import token. Fetch new ones with"
              + " ./ceremony prepare --refresh "
              + dir
              + " on this machine, then wrap again on the"
              + " offline machine; nothing was changed");
      return ExitStatus.FAILED;
    }
    OpenedKms opened = runner.openKmsOrSay("import", s, "nothing was changed");
    if (opened == null) {
      return ExitStatus.SETUP_FAILED;
    }
    try (OpenedKms kms = opened;
        TranscriptWriter w = TranscriptWriter.appendUnsigned(dir, b.pin, runner.clock)) {
      runner.out.println(
          "Import: the transcript is signed by the pinned signer "
              + b.pin
              + " up to the wrap phase");
      started(
          w,
          s,
          "import",
          "online",
          override.any() ? Map.of("kmsOverride", override.facts(b.script.kms())) : Map.of());
      reconcile(b, w, s, kms.kms(), new OnlineHsm("import"), false);
      AirGapPhases.Result r =
          new AirGapPhases(
                  context(
                      s,
                      new OnlineHsm("import"),
                      kms.kms(),
                      w,
                      unusedParticipants(),
                      Map.of(),
                      b.record.ceremonyId(),
                      dir))
              .importMaterial(b.facts(), b.read(AirGapBundle.ENCRYPTED), earlierImport(b));
      if (!r.succeeded()) {
        return failed("import", r, dir);
      }
      TranscriptEntry done = completed(w, s, "import", "seal", dir);
      runner.out.println(
          "Imported into "
              + r.outputs().get("keyArn")
              + "; KMS's half of the"
              + " proofs recorded (unsigned until seal).");
      printDigest("import", done.sha256());
      runner.out.println("Next: carry " + dir + " across; " + AirGapBundle.command("seal", dir));
      return ExitStatus.OK;
    }
  }

  /** {@code seal DIR}: offline. */
  public int seal(Path dir, String writtenImportDigest) {
    AirGapBundle b;
    try {
      b = AirGapBundle.open(dir, "seal", runner.clock, Set.of());
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return r.exit;
    }
    String digest = b.lastPhase.sha256();
    if (writtenImportDigest != null) {
      String t = writtenImportDigest.trim().toLowerCase(java.util.Locale.ROOT);
      Fingerprint d = AirGapPhases.digest(digest);
      if (!t.replace(" ", "").replace(":", "").equals(d.hex())
          && !String.join(" ", t.split("\\s+")).equals(d.wordsText())) {
        runner.err.println(
            "seal: the import digest written down online ("
                + t
                + ") differs"
                + " from the one computed from the bundle ("
                + d.hex()
                + "): the bundle changed in"
                + " transit; nothing was changed");
        return ExitStatus.TRANSCRIPT_INVALID;
      }
    }
    CeremonyScript s = b.script;
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException e) {
      runner.err.println("seal: HSM: " + e.getMessage() + "; nothing was changed");
      return ExitStatus.SETUP_FAILED;
    }
    try (hsm) {
      Optional<HsmTranscriptSigner> ts = signer(hsm, s, b.pin, "seal");
      if (ts.isEmpty()) {
        return ExitStatus.FAILED;
      }
      AirGapFacts f = b.facts();
      JsonFacts imported = JsonFacts.of(b.last("step.import", null));
      try (TranscriptWriter w = TranscriptWriter.resume(dir, ts.get(), runner.clock)) {
        started(w, s, "seal", "offline");
        AirGapPhases.Result r =
            new AirGapPhases(
                    context(
                        s,
                        hsm.session(),
                        new OfflineKms("seal"),
                        w,
                        unusedParticipants(),
                        Map.of(),
                        b.record.ceremonyId(),
                        dir))
                .seal(f);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("outcome", r.succeeded() ? "succeeded" : "failed");
        if (!r.succeeded()) {
          d.put("failedStep", r.failedStep());
          d.put("cause", r.cause());
        }
        d.put("keyId", f.keyId());
        if (imported.keyArn != null) {
          d.put("keyArn", imported.keyArn);
        }
        if (imported.keyMaterialId != null) {
          d.put("keyMaterialId", imported.keyMaterialId);
        }
        d.put("algorithm", f.algorithm().name());
        d.put("hsmObject", Map.of("label", f.materialLabel(), "id", f.materialIdHex()));
        d.put("sessionObjects", java.util.List.of());
        d.put("files", new LinkedHashMap<>(AirGapBundle.hashes(dir)));
        w.append("ceremony.sealed", "operator:" + s.roles().operator(), d);
        w.checkpoint();
        if (!r.succeeded()) {
          return failed("seal", r, dir);
        }
      }
      var report = TranscriptVerifier.verify(dir, b.pin);
      runner.out.println("Sealed: " + report.summary());
      runner.out.println(
          "Check it anywhere with: openssl dgst -sha384 -verify "
              + dir.resolve("signer.pem")
              + " -signature "
              + dir.resolve("transcript.sig")
              + " "
              + dir.resolve("transcript.jsonl"));
      return report.isValid() ? ExitStatus.OK : ExitStatus.TRANSCRIPT_INVALID;
    }
  }

  /** The import an earlier run of this import phase made, or null. */
  private static AirGapPhases.EarlierImport earlierImport(AirGapBundle b) {
    CeremonyRecord now = b.recordNow();
    com.fasterxml.jackson.databind.JsonNode r = b.last("result", "kms:ImportKeyMaterial");
    if (!now.imported() || r == null) {
      return null;
    }
    return new AirGapPhases.EarlierImport(
        r.path("intent").asLong(), now.keyArn(), now.keyMaterialId(), now.importedValidTo());
  }

  /** import and seal ask nobody: the witnesses' part was in wrap. */
  static Participants unusedParticipants() {
    return new Participants() {
      @Override
      public String mode() {
        return "none (this phase asks no participant)";
      }

      @Override
      public java.util.List<dev.keyceremony.ceremony.Acknowledgement> approvals(
          dev.keyceremony.ceremony.script.Roles r, java.util.List<String> plan) {
        return java.util.List.of();
      }

      @Override
      public java.util.List<dev.keyceremony.ceremony.Acknowledgement> confirmations(
          dev.keyceremony.ceremony.script.Roles r, Fingerprint f) {
        return java.util.List.of();
      }
    };
  }

  private record JsonFacts(String keyArn, String keyMaterialId) {
    static JsonFacts of(com.fasterxml.jackson.databind.JsonNode n) {
      return n == null
          ? new JsonFacts(null, null)
          : new JsonFacts(n.path("keyArn").textValue(), n.path("keyMaterialId").textValue());
    }
  }
}
