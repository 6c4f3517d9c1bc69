package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.Outcome;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.SetupFailure;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.kms.KmsConfigException;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.transcript.VerificationReport;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Wires one ceremony: HSM (open, login, signer), KMS, the signed transcript, participants; runs it;
 * verifies the bundle. Failures before the signer is usable (module, token, PIN, signer) stop
 * with nothing changed, recorded in an unsigned transcript; a kms section that gives no client,
 * and every later failure, is recorded in the signed transcript.
 */
final class CeremonyRunner {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private final BufferedReader in;

  CeremonyRunner(PrintWriter out, PrintWriter err, Clock clock, BufferedReader in) {
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.in = in;
  }

  /** {@code runId} also named the {@code {run}} placeholders when the script was parsed. */
  RunResult run(CeremonyScript s, String runId, Map<String, Object> environment,
      boolean nonInteractive) {
    return run(s, runId, environment, nonInteractive, null);
  }

  /**
   * @param scriptBytes the exact bytes that were parsed into {@code s}; written into the bundle as
   *     script.yaml before the transcript starts (null: none)
   */
  RunResult run(CeremonyScript s, String runId, Map<String, Object> environment,
      boolean nonInteractive, byte[] scriptBytes) {
    Participants participants;
    if (nonInteractive) {
      if (s.acknowledgements() == null) {
        err.println("--non-interactive needs acknowledgements: add an acknowledgements: section"
            + " to the script or give --acknowledgements FILE; nothing was done");
        return RunResult.early(ExitCodes.INVALID_INPUT);
      }
      participants = new ScriptedParticipants(s.acknowledgements(), clock);
    } else {
      participants = new ConsoleParticipants(in, out, clock);
    }
    String ceremonyId = s.name() + "-" + runId;
    Path bundle = s.transcript().out().resolve(ceremonyId);
    if (Files.exists(bundle)) {
      err.println("transcript directory " + bundle + " already exists; evidence is never"
          + " overwritten: use another transcript.out or --out; nothing was done");
      return RunResult.early(ExitCodes.INVALID_INPUT);
    }
    if (scriptBytes != null) {
      BundleFiles.writeScript(bundle, scriptBytes);
    }
    HsmConnector.Connection hsm;
    try {
      hsm = HsmConnector.connect(s.hsm());
    } catch (HsmException | IllegalArgumentException e) {
      err.println("HSM: " + e.getMessage());
      return unsigned(s, ceremonyId, bundle, environment, participants, "hsm-login", e,
          "the transcript signer key '" + s.transcript().signer() + "' is in token '"
              + s.hsm().token() + "', which could not be used: "
              // A class name says nothing to a custodian; the PIN source's message does.
              + (e instanceof HsmException ? Ceremony.causeCode(e) : e.getMessage()));
    }
    try (hsm) {
      Optional<SignerKey> signer = hsm.session().findSigner(s.transcript().signer());
      if (signer.isEmpty()) {
        CeremonyFailure f = new CeremonyFailure("SIGNER_NOT_FOUND", "transcript.signer: no"
            + " signer key labelled '" + s.transcript().signer() + "' in token "
            + s.hsm().token(), "create it with: ./ceremony hsm create-signer --label "
                + s.transcript().signer());
        err.println(f.getMessage()); // already ends with the fix
        return unsigned(s, ceremonyId, bundle, environment, participants, "signer", f,
            "there is no signer key labelled '" + s.transcript().signer() + "' in token '"
                + s.hsm().token() + "'");
      }
      HsmTranscriptSigner ts = new HsmTranscriptSigner(hsm.session().evidence(), signer.get());
      OpenedKms opened;
      try {
        opened = KmsConnector.open(s.kms());
      } catch (KmsConfigException | IllegalArgumentException e) {
        return kmsSetupFailed(s, ceremonyId, bundle, environment, participants, ts, e);
      }
      try (OpenedKms kms = opened) {
        TranscriptWriter writer = TranscriptWriter.create(bundle, ceremonyId, ts, clock);
        out.println("Ceremony " + ceremonyId + ": transcript " + bundle);
        Outcome o;
        try {
          CeremonyContext ctx = new CeremonyContext(s, hsm.session(), kms.kms(),
              new TranscriptJournal(writer, out), participants, clock, new SecureRandom(),
              p -> p.read("Security Officer PIN for token " + s.hsm().token()), environment);
          o = new Ceremony(ctx).run();
        } finally {
          // The final checkpoint: signs everything written, also after an unexpected error.
          writer.close();
        }
        VerificationReport report = AuditorLines.verifyPinned(bundle, ts.signerFingerprint(),
            s.transcript().signer());
        int code = !report.isValid() ? ExitCodes.TRANSCRIPT_INVALID
            : o.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
        return new RunResult(code, bundle, o, report);
      }
    }
  }

  /**
   * A failure before the signer was usable: recorded in an UNSIGNED transcript (opening entry and
   * the error), because the issue asks for every failure on record and the signer key lives in
   * the token that refused. Nothing was changed in the HSM or in KMS.
   */
  private RunResult unsigned(CeremonyScript s, String ceremonyId, Path bundle,
      Map<String, Object> environment, Participants participants, String what,
      RuntimeException e, String reason) {
    try (TranscriptWriter w = TranscriptWriter.createUnsigned(bundle, ceremonyId, reason, clock)) {
      SetupFailure.record(new TranscriptJournal(w), s, environment, participants.mode(), what, e);
    } catch (RuntimeException io) {
      err.println("The failure could not be recorded either: " + io.getMessage()
          + ". Nothing was changed in the HSM or in KMS.");
      return RunResult.early(ExitCodes.SETUP_FAILED);
    }
    out.println("Ceremony " + ceremonyId + ": transcript " + bundle);
    err.println("Recorded in an UNSIGNED transcript (" + reason + "): " + bundle
        + "; check it with ./ceremony transcript verify " + bundle + ". Nothing was changed in"
        + " the HSM or in KMS.");
    return new RunResult(ExitCodes.SETUP_FAILED, bundle, null, TranscriptVerifier.verify(bundle));
  }

  /**
   * The kms section could not be turned into a client (unknown profile, no region or credentials,
   * a bad endpoint URL, the embedded KMS would not start). The signer is usable by now, so the
   * failure goes into a SIGNED transcript; no KMS call was made and the HSM was not changed.
   */
  private RunResult kmsSetupFailed(CeremonyScript s, String ceremonyId, Path bundle,
      Map<String, Object> environment, Participants participants, HsmTranscriptSigner ts,
      RuntimeException e) {
    CeremonyFailure f = new CeremonyFailure("KMS_CONFIG", "kms: " + s.kms().describe()
        + " could not be used: " + e.getMessage(), kmsFix(s), null, e);
    err.println(f.getMessage());
    try (TranscriptWriter w = TranscriptWriter.create(bundle, ceremonyId, ts, clock)) {
      SetupFailure.record(new TranscriptJournal(w), s, environment, participants.mode(),
          "kms-connect", f);
    } catch (RuntimeException io) {
      err.println("The failure could not be recorded either: " + io.getMessage()
          + ". Nothing was changed in the HSM or in KMS.");
      return RunResult.early(ExitCodes.SETUP_FAILED);
    }
    out.println("Ceremony " + ceremonyId + ": transcript " + bundle);
    VerificationReport report = AuditorLines.verifyPinned(bundle, ts.signerFingerprint(),
        s.transcript().signer());
    err.println("Recorded in the signed transcript: " + bundle + "; check it with ./ceremony"
        + " transcript verify " + bundle + ". Nothing was changed in the HSM or in KMS.");
    return new RunResult(report.isValid() ? ExitCodes.SETUP_FAILED
        : ExitCodes.TRANSCRIPT_INVALID, bundle, null, report);
  }

  private static String kmsFix(CeremonyScript s) {
    if (s.kms().embedded()) {
      return "see the message; or use kms.endpoint with a separately started ./ceremony local-kms";
    }
    if (s.kms().endpoint() != null) {
      return "check kms.endpoint (" + s.kms().endpoint() + "): an http:// or https:// URL of a"
          + " KMS endpoint, e.g. a ./ceremony local-kms";
    }
    return "check kms.region and kms.profile (" + s.kms().profile() + "): the profile must exist"
        + " in ~/.aws/config or AWS_CONFIG_FILE and give credentials (or set AWS_ACCESS_KEY_ID"
        + " and AWS_SECRET_ACCESS_KEY), and a region must be set (kms.region or the profile)";
  }

  /** Prints the outcome, what it proves, the verdicts and the pinned verify command. */
  void report(RunResult r) {
    if (r.outcome() == null) {
      return;
    }
    Outcome o = r.outcome();
    if (o.succeeded()) {
      out.println("SUCCEEDED: key " + o.keyArn() + " now holds the HSM's material (algorithm "
          + o.algorithm() + (o.keyMaterialId() == null ? "" : ", KeyMaterialId "
          + o.keyMaterialId()) + ")");
      o.proofStatements().forEach(st -> out.println("Proof: " + st));
    } else {
      err.println("FAILED in step " + o.failedStep() + " (" + o.causeCode() + "): " + o.message());
      err.println("The failure is recorded in the signed transcript.");
    }
    AuditorLines.print(out, r.bundle(), r.report());
  }
}
