package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.script.BulkScript;
import dev.keyceremony.ceremony.script.BulkScriptParser;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@code resume} and {@code abandon} make on a bundle before they touch anything: it is
 * a bundle, it verifies (chain and signature; a tampered one stops with exit 4), it was signed, its
 * script is the one line 1 recorded; then the HSM signer must be the one of line 1.
 */
final class BundleOpener {
  /** A bundle read, verified and folded, with its script parsed. */
  record Read(
      Path dir,
      VerificationReport report,
      CeremonyRecord record,
      CeremonyScript script,
      String signerFingerprint,
      String scriptDirectory,
      BulkScript bulk) {}

  /** Why a bundle cannot be used; {@code exit} is the status to end with. Nothing was touched. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exit;

    Refusal(int exit, String message) {
      super(message);
      this.exit = exit;
    }
  }

  private BundleOpener() {}

  static Read read(Path dir, String command, Clock clock) {
    if (!Files.isRegularFile(BundleFiles.transcript(dir))) {
      throw new Refusal(
          ExitStatus.INVALID_INPUT,
          command
              + ": "
              + dir
              + " is not a transcript"
              + " bundle (no "
              + BundleFiles.TRANSCRIPT
              + "); give the directory a ceremony wrote,"
              + " e.g. ceremony-out/NAME-RUNID; nothing was touched");
    }
    VerificationReport r = TranscriptVerifier.verify(dir);
    if (r.verdict() == Verdict.INVALID) {
      throw new Refusal(
          ExitStatus.TRANSCRIPT_INVALID,
          command
              + ": the bundle "
              + dir
              + " does not verify: "
              + r.firstProblem().map(Object::toString).orElse("?")
              + ". A tampered or damaged bundle is never continued; nothing was touched in KMS or"
              + " the HSM. Check it with ./ceremony transcript verify "
              + dir);
    }
    if (r.verdict() == Verdict.UNSIGNED) {
      throw new Refusal(
          ExitStatus.FAILED,
          command
              + ": "
              + dir
              + " is an UNSIGNED transcript"
              + " of a ceremony that failed before its signer was usable ("
              + r.unsignedReason().orElse("no reason recorded")
              + "); nothing was changed then, so"
              + " there is nothing to "
              + command
              + ": fix the cause and start a new ceremony with"
              + " ./ceremony run SCRIPT");
    }
    List<TranscriptEntry> entries = r.entries();
    CeremonyRecord rec = CeremonyRecord.of(entries);
    String scriptDir = entries.get(0).data().path("script").path("directory").textValue();
    byte[] bytes;
    try {
      bytes =
          BundleScript.read(dir, rec.scriptSha256())
              .orElseThrow(
                  () ->
                      new Refusal(
                          ExitStatus.INVALID_INPUT,
                          command
                              + ": "
                              + dir
                              + " holds no "
                              + BundleScript.FILE
                              + " (bundles written before resume existed do not); nothing was touched"));
    } catch (BundleScript.BundleMismatch e) {
      throw new Refusal(
          ExitStatus.TRANSCRIPT_INVALID, command + ": " + e.getMessage() + "; nothing was touched");
    }
    if (rec.runId() == null) {
      throw new Refusal(
          ExitStatus.INVALID_INPUT,
          command
              + ": line 1 of "
              + dir
              + " records no"
              + " runId (a bundle from before resume existed); nothing was touched");
    }
    CeremonyScript s;
    BulkScript bulk = null;
    try {
      Path base = scriptDir == null ? dir : Path.of(scriptDir);
      String text = new String(bytes, StandardCharsets.UTF_8);
      ScriptParser parser = new ScriptParser(clock, rec.runId());
      if (BulkScriptParser.isBulk(text)) {
        bulk =
            new BulkScriptParser(parser)
                .parse(text, dir.resolve(BundleScript.FILE).toString(), base);
        s = bulk.first();
      } else {
        s = parser.parse(text, dir.resolve(BundleScript.FILE).toString(), base);
      }
    } catch (ScriptException e) {
      throw new Refusal(
          ExitStatus.INVALID_INPUT,
          command + ": the bundle's script no longer" + " parses: " + e.getMessage());
    }
    // The bundle continues where it lies, whatever transcript.out said.
    s = s.withTranscriptOut(dir.toAbsolutePath().getParent());
    if (bulk != null) {
      bulk = bulk.withTranscriptOut(dir.toAbsolutePath().getParent());
    }
    return new Read(dir, r, rec, s, r.signerFingerprint(), scriptDir, bulk);
  }

  /** The HSM's signer must be the one that signed line 1. */
  static SignerKey signer(HsmConnector.Connection hsm, Read b, String command) {
    Optional<SignerKey> k = hsm.session().findSigner(b.script().transcript().signer());
    if (k.isEmpty()) {
      throw new Refusal(
          ExitStatus.SETUP_FAILED,
          command
              + ": no signer key labelled '"
              + b.script().transcript().signer()
              + "' in token "
              + b.script().hsm().token()
              + "; the bundle was signed by "
              + b.signerFingerprint()
              + "; nothing was touched");
    }
    String fp = new HsmTranscriptSigner(hsm.session().evidence(), k.get()).signerFingerprint();
    if (!fp.equals(b.signerFingerprint())) {
      throw new Refusal(
          ExitStatus.FAILED,
          command
              + ": the bundle "
              + b.dir()
              + " was signed by"
              + " signer "
              + b.signerFingerprint()
              + ", but the key labelled '"
              + b.script().transcript().signer()
              + "' in token "
              + b.script().hsm().token()
              + " is "
              + fp
              + "; only the ceremony's own signer may continue its transcript;"
              + " nothing was touched");
    }
    return k.get();
  }
}
