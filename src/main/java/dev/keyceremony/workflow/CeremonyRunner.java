package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.CeremonyControl;
import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.FailCause;
import dev.keyceremony.ceremony.Outcome;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.Resumption;
import dev.keyceremony.ceremony.SetupFailure;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.kms.KmsConfigException;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.SignerPin;
import dev.keyceremony.transcript.TranscriptBundle;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.transcript.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wires one ceremony: HSM (open, login, signer), KMS (with retries), the signed transcript,
 * participants; runs it; verifies the bundle. Failures before the signer is usable (module, token,
 * PIN, signer) stop with nothing changed, recorded in an unsigned transcript; a kms section that
 * gives no client, and every later failure, is recorded in the signed transcript. {@link Resumer}
 * and {@link Abandoner} continue or undo a ceremony from its bundle through the same pieces.
 */
public final class CeremonyRunner {
  /**
   * Test rigs only: after the transcript's entry number N is signed, the process announces it on
   * stderr and waits for a line on stdin, so that a test can kill it at exactly that point, or let
   * it go on into the next call and kill it there.
   */
  public static final String PAUSE_PROPERTY = "keyceremony.test.pauseAfterEntry";

  final PrintWriter out;
  final PrintWriter err;
  final Clock clock;
  final StopSignal stop;

  public CeremonyRunner(PrintWriter out, PrintWriter err, Clock clock, StopSignal stop) {
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.stop = stop;
  }

  /**
   * Runs a new ceremony.
   *
   * @param scriptBytes the exact bytes {@code s} was parsed from (written into the bundle)
   * @param runId also named the {@code {run}} placeholders when the script was parsed
   */
  public RunResult run(
      CeremonyScript s,
      byte[] scriptBytes,
      String runId,
      Map<String, Object> environment,
      Participants participants) {
    environment = RotationLink.environment(s, environment, err);
    if (environment == null) {
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    String ceremonyId = s.name() + "-" + runId;
    Path bundle = s.transcript().out().resolve(ceremonyId);
    if (Files.exists(bundle)) {
      err.println(
          "transcript directory "
              + bundle
              + " already exists; evidence is never"
              + " overwritten: use another transcript.out or --out; nothing was done");
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    Map<String, Object> env = new LinkedHashMap<>(environment);
    env.put("runId", runId);
    BundleSession opened;
    try {
      opened = openNew(s, scriptBytes, ceremonyId, bundle, env, participants);
    } catch (SetupStopped stopped) {
      return stopped.result;
    }
    try (BundleSession bs = opened) {
      out.println("Ceremony " + ceremonyId + ": transcript " + bundle);
      return execute(
          s,
          bs.hsm,
          bs.kms,
          bs.writer,
          bs.signer,
          participants,
          env,
          new CeremonyControl(ceremonyId, bundle.toString(), stop::requested, Resumption.NONE));
    }
  }

  /** A failure before a new bundle could start, already reported and recorded: ends the run. */
  static final class SetupStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RunResult result;

    SetupStopped(RunResult result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  /**
   * Opens the HSM of {@code s} (login, transcript signer), then KMS, then a new bundle with its
   * script, for {@code run} of a ceremony or a batch. Adds the PIN receipt and the ceremony ID to
   * {@code env}.
   *
   * @throws SetupStopped when the HSM, the signer or the kms section cannot be used: said on err
   *     and recorded (unsigned before the signer is usable, signed after); nothing changed
   */
  BundleSession openNew(
      CeremonyScript s,
      byte[] scriptBytes,
      String ceremonyId,
      Path bundle,
      Map<String, Object> env,
      Participants participants) {
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException e) {
      err.println("HSM: " + e.getMessage());
      throw new SetupStopped(
          unsigned(
              s,
              scriptBytes,
              ceremonyId,
              bundle,
              env,
              participants,
              "hsm-login",
              e,
              "the transcript signer key '"
                  + s.transcript().signer()
                  + "' is in"
                  + " token '"
                  + s.hsm().token()
                  + "', which could not be used: "
                  // A class name says nothing to a custodian; the PIN source's message does.
                  + (e instanceof HsmException ? Ceremony.causeCode(e) : e.getMessage())));
    }
    OpenedKms kms = null;
    TranscriptWriter writer = null;
    try {
      Optional<SignerKey> signer = hsm.session().findSigner(s.transcript().signer());
      if (signer.isEmpty()) {
        CeremonyFailure f =
            new CeremonyFailure(
                FailCause.SIGNER_NOT_FOUND,
                "transcript.signer: no"
                    + " signer key labelled '"
                    + s.transcript().signer()
                    + "' in token "
                    + s.hsm().token(),
                "create it with: ./ceremony hsm create-signer --label " + s.transcript().signer());
        err.println(f.getMessage()); // already ends with the fix
        throw new SetupStopped(
            unsigned(
                s,
                scriptBytes,
                ceremonyId,
                bundle,
                env,
                participants,
                "signer",
                f,
                "there is no signer key labelled '"
                    + s.transcript().signer()
                    + "' in token '"
                    + s.hsm().token()
                    + "'"));
      }
      HsmTranscriptSigner ts = new HsmTranscriptSigner(hsm.session().evidence(), signer.get());
      // Which PIN shares were used (never a share), and the ID the approvals are bound to.
      env.put("userPin", hsm.pinReceipt());
      env.put("ceremonyId", ceremonyId);
      try {
        kms = KmsConnector.forCeremony(s.kms(), stop::requested);
      } catch (KmsConfigException | IllegalArgumentException e) {
        throw new SetupStopped(
            kmsSetupFailed(s, scriptBytes, ceremonyId, bundle, env, participants, ts, e));
      }
      writer = TranscriptWriter.create(bundle, ceremonyId, ts, clock);
      BundleFiles.writeScript(bundle, scriptBytes);
      return new BundleSession(hsm, ts, kms, writer);
    } catch (RuntimeException | Error e) {
      BundleSession.closeAfter(e, writer);
      BundleSession.closeAfter(e, kms);
      BundleSession.closeAfter(e, hsm);
      throw e;
    }
  }

  /** Runs (or continues) the ceremony on an open writer, closes it, verifies the bundle. */
  RunResult execute(
      CeremonyScript s,
      HsmConnector.Connection hsm,
      OpenedKms kms,
      TranscriptWriter writer,
      HsmTranscriptSigner ts,
      Participants participants,
      Map<String, Object> env,
      CeremonyControl control) {
    Outcome o;
    Path bundle = writer.directory();
    try {
      try {
        CeremonyContext ctx =
            new CeremonyContext(
                s,
                hsm.session(),
                kms.kms(),
                new TranscriptJournal(writer, out::println, pauseHook()),
                participants,
                clock,
                new SecureRandom(),
                p -> p.read("Security Officer PIN for token " + s.hsm().token()),
                env,
                control);
        o = new Ceremony(ctx).run();
      } finally {
        // The final checkpoint: signs everything written, also after an unexpected error.
        writer.close();
        stop.finished();
      }
    } catch (RuntimeException e) {
      // Past this point KMS or the HSM may have changed: never a set-up failure (cli maps it).
      throw CeremonyLeftIncomplete.of(bundle, e);
    }
    VerificationReport report = verifyPinned(bundle, ts, s.transcript().signer());
    int code =
        !report.isValid()
            ? ExitStatus.TRANSCRIPT_INVALID
            : o.succeeded()
                ? ExitStatus.OK
                : "INTERRUPTED".equals(o.causeCode()) ? ExitStatus.INTERRUPTED : ExitStatus.FAILED;
    return new RunResult(code, bundle, o, report);
  }

  /**
   * The test rigs' pause (see {@link #PAUSE_PROPERTY}); does nothing unless the property is set.
   */
  Runnable pauseHook() {
    String at = System.getProperty(PAUSE_PROPERTY);
    if (at == null) {
      return () -> {};
    }
    long n = Long.parseLong(at);
    long[] count = {0};
    return () -> {
      if (++count[0] == n) {
        err.println("PAUSED after entry " + n);
        err.flush();
        try {
          System.in.read();
        } catch (java.io.IOException e) {
          // stdin closed: go on
        }
      }
    };
  }

  /**
   * A failure before the signer was usable: recorded in an UNSIGNED transcript (opening entry and
   * the error), because the issue asks for every failure on record and the signer key lives in the
   * token that refused. Nothing was changed in the HSM or in KMS.
   */
  RunResult unsigned(
      CeremonyScript s,
      byte[] scriptBytes,
      String ceremonyId,
      Path bundle,
      Map<String, Object> environment,
      Participants participants,
      String what,
      RuntimeException e,
      String reason) {
    if (!recordSetupFailure(
        () -> TranscriptWriter.createUnsigned(bundle, ceremonyId, reason, clock),
        s,
        scriptBytes,
        environment,
        participants,
        what,
        e)) {
      return RunResult.early(ExitStatus.SETUP_FAILED);
    }
    out.println("Ceremony " + ceremonyId + ": transcript " + bundle);
    err.println(
        "Recorded in an UNSIGNED transcript ("
            + reason
            + "): "
            + bundle
            + "; check it with ./ceremony transcript verify "
            + bundle
            + ". Nothing was changed in"
            + " the HSM or in KMS.");
    return new RunResult(ExitStatus.SETUP_FAILED, bundle, null, TranscriptVerifier.verify(bundle));
  }

  /**
   * The kms section could not be turned into a client (unknown profile, no region or credentials, a
   * bad endpoint URL, the embedded KMS would not start). The signer is usable by now, so the
   * failure goes into a SIGNED transcript; no KMS call was made and the HSM was not changed.
   */
  RunResult kmsSetupFailed(
      CeremonyScript s,
      byte[] scriptBytes,
      String ceremonyId,
      Path bundle,
      Map<String, Object> environment,
      Participants participants,
      HsmTranscriptSigner ts,
      RuntimeException e) {
    CeremonyFailure f =
        new CeremonyFailure(
            FailCause.KMS_CONFIG,
            "kms: " + s.kms().describe() + " could not be used: " + e.getMessage(),
            kmsFix(s),
            null,
            e);
    err.println(f.getMessage());
    if (!recordSetupFailure(
        () -> TranscriptWriter.create(bundle, ceremonyId, ts, clock),
        s,
        scriptBytes,
        environment,
        participants,
        "kms-connect",
        f)) {
      return RunResult.early(ExitStatus.SETUP_FAILED);
    }
    out.println("Ceremony " + ceremonyId + ": transcript " + bundle);
    VerificationReport report = verifyPinned(bundle, ts, s.transcript().signer());
    err.println(
        "Recorded in the signed transcript: "
            + bundle
            + "; check it with ./ceremony"
            + " transcript verify "
            + bundle
            + ". Nothing was changed in the HSM or in KMS.");
    return new RunResult(
        report.isValid() ? ExitStatus.SETUP_FAILED : ExitStatus.TRANSCRIPT_INVALID,
        bundle,
        null,
        report);
  }

  /**
   * Writes a set-up failure into a new bundle (line 1 and the error) with the script; false, said
   * on err, when even that fails.
   */
  private boolean recordSetupFailure(
      Supplier<TranscriptWriter> newBundle,
      CeremonyScript s,
      byte[] scriptBytes,
      Map<String, Object> environment,
      Participants participants,
      String what,
      RuntimeException e) {
    try (TranscriptWriter w = newBundle.get()) {
      SetupFailure.record(new TranscriptJournal(w), s, environment, participants.mode(), what, e);
      BundleFiles.writeScript(w.directory(), scriptBytes);
      return true;
    } catch (RuntimeException io) {
      err.println(
          "The failure could not be recorded either: "
              + io.getMessage()
              + ". Nothing was changed in the HSM or in KMS.");
      return false;
    }
  }

  /** Verifies a bundle just written, pinned to the HSM signer key that wrote it. */
  static VerificationReport verifyPinned(Path bundle, HsmTranscriptSigner ts, String label) {
    return TranscriptVerifier.verifyPinned(
        TranscriptBundle.read(bundle),
        List.of(new SignerPin(ts.signerFingerprint(), "HSM key '" + label + "'")));
  }

  /**
   * Opens KMS for a phase of an air-gapped ceremony; on a {@code kms:} section that gives no client
   * prints {@code COMMAND: kms: MESSAGE; FIX; TAIL} and returns null (nothing was changed yet).
   */
  OpenedKms openKmsOrSay(String command, CeremonyScript s, String tail) {
    try {
      return KmsConnector.forCeremony(s.kms(), stop::requested);
    } catch (KmsConfigException | IllegalArgumentException e) {
      err.println(command + ": kms: " + e.getMessage() + "; " + kmsFix(s) + "; " + tail);
      return null;
    }
  }

  static String kmsFix(CeremonyScript s) {
    if (s.kms().embedded()) {
      return "see the message; or use kms.endpoint with a separately started ./ceremony local-kms";
    }
    if (s.kms().endpoint() != null) {
      return "check kms.endpoint ("
          + s.kms().endpoint()
          + "): an http:// or https:// URL of a"
          + " KMS endpoint, e.g. a ./ceremony local-kms";
    }
    return "check kms.region and kms.profile ("
        + s.kms().profile()
        + "): the profile must exist"
        + " in ~/.aws/config or AWS_CONFIG_FILE and give credentials (or set AWS_ACCESS_KEY_ID"
        + " and AWS_SECRET_ACCESS_KEY), and a region must be set (kms.region or the profile)";
  }
}
