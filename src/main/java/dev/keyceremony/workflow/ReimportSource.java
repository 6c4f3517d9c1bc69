package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sealed, verified bundle of a succeeded ceremony says about the material it imported: the
 * KMS key, the HSM object, the KeyMaterialId, and the script it ran (its exact bytes, checked
 * against line 1). {@code reimport} builds a new ceremony from it with nothing to edit.
 *
 * @param bundle the bundle directory (absolute)
 * @param transcriptSha256 SHA-256 of the bundle's transcript.jsonl: the new bundle's line 1 names
 *     it, so that the reimport is tied to exactly this evidence
 * @param ceremonyId the original ceremony
 * @param keyId the KMS key ID
 * @param keyArn its ARN (carries the Region)
 * @param keySpec the key's KeySpec, when the transcript recorded it
 * @param keyMaterialId the KeyMaterialId of the import (null for keys KMS gives none)
 * @param hsmLabel the HSM object's label
 * @param hsmIdHex its CKA_ID
 * @param signerFingerprint the original transcript's signer
 * @param scriptBytes the original script (bundle's script.yaml)
 * @param scriptDirectory where that script's relative paths resolve (line 1)
 */
record ReimportSource(
    Path bundle,
    String transcriptSha256,
    String ceremonyId,
    String keyId,
    String keyArn,
    String keySpec,
    String keyMaterialId,
    String hsmLabel,
    String hsmIdHex,
    String signerFingerprint,
    byte[] scriptBytes,
    Path scriptDirectory) {

  /** Reads and checks a bundle; a {@link BundleOpener.Refusal} says why it cannot be used. */
  static ReimportSource read(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(BundleFiles.transcript(abs))) {
      throw new BundleOpener.Refusal(
          ExitStatus.INVALID_INPUT,
          "reimport: "
              + dir
              + " is not a"
              + " transcript bundle (no "
              + BundleFiles.TRANSCRIPT
              + "); give the directory of the"
              + " ceremony that imported the material, e.g. ceremony-out/NAME-RUNID; nothing was"
              + " touched");
    }
    VerificationReport r = TranscriptVerifier.verify(abs);
    if (r.verdict() == Verdict.INVALID) {
      throw new BundleOpener.Refusal(
          ExitStatus.TRANSCRIPT_INVALID,
          "reimport: the bundle "
              + dir
              + " does not verify: "
              + r.firstProblem().map(Object::toString).orElse("?")
              + ". A reimport is built only from evidence that verifies; nothing was touched. Check"
              + " it with ./ceremony transcript verify "
              + dir);
    }
    if (r.verdict() == Verdict.UNSIGNED) {
      throw new BundleOpener.Refusal(
          ExitStatus.FAILED,
          "reimport: "
              + dir
              + " is an UNSIGNED"
              + " transcript of a ceremony that failed before anything was imported; nothing to"
              + " reimport");
    }
    List<TranscriptEntry> entries = r.entries();
    CeremonyRecord rec = CeremonyRecord.of(entries);
    JsonNode sealed = last(entries, "ceremony.sealed");
    if (rec.status() != CeremonyRecord.Status.SUCCEEDED
        || sealed == null
        || !sealed.hasNonNull("keyArn")
        || !sealed.has("hsmObject")) {
      throw new BundleOpener.Refusal(
          ExitStatus.FAILED,
          "reimport: ceremony "
              + rec.ceremonyId()
              + " in "
              + dir
              + " did not complete (status "
              + rec.status().name().toLowerCase(java.util.Locale.ROOT)
              + "), so it proves no import to repeat;"
              + (rec.status() == CeremonyRecord.Status.SUCCEEDED
                  ? ""
                  : " continue it with ./ceremony resume " + dir + " or")
              + " give the bundle of a"
              + " ceremony that succeeded; nothing was touched");
    }
    byte[] script;
    try {
      script =
          BundleScript.read(abs, rec.scriptSha256())
              .orElseThrow(
                  () ->
                      new BundleOpener.Refusal(
                          ExitStatus.INVALID_INPUT,
                          "reimport: "
                              + dir
                              + " holds no "
                              + BundleScript.FILE
                              + " (bundles written before resume existed do not); write a"
                              + " reimport script by hand from ceremony-scripts/reimport.yaml"));
    } catch (BundleScript.BundleMismatch e) {
      throw new BundleOpener.Refusal(
          ExitStatus.TRANSCRIPT_INVALID, "reimport: " + e.getMessage() + "; nothing was touched");
    }
    String scriptDir = entries.get(0).data().path("script").path("directory").textValue();
    byte[] transcript;
    try {
      transcript = Files.readAllBytes(BundleFiles.transcript(abs));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BundleFiles.transcript(abs), e);
    }
    return new ReimportSource(
        abs,
        Fingerprint.sha256Hex(transcript),
        rec.ceremonyId(),
        sealed.path("keyId").asText(),
        sealed.path("keyArn").asText(),
        keySpec(entries),
        text(sealed, "keyMaterialId"),
        sealed.path("hsmObject").path("label").asText(),
        sealed.path("hsmObject").path("id").asText(),
        r.signerFingerprint(),
        script,
        scriptDir == null ? abs : Path.of(scriptDir));
  }

  /** The link that the new bundle's line 1 records under {@code reimportOf}. */
  Map<String, Object> link() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bundle", bundle.toString());
    m.put("transcriptSha256", transcriptSha256);
    m.put("ceremonyId", ceremonyId);
    m.put("signerFingerprint", signerFingerprint);
    m.put("keyArn", keyArn);
    if (keyMaterialId != null) {
      m.put("keyMaterialId", keyMaterialId);
    }
    m.put("hsmObject", Map.of("label", hsmLabel, "id", hsmIdHex));
    return m;
  }

  /** The KeySpec from the step that described or created the key. */
  private static String keySpec(List<TranscriptEntry> entries) {
    for (TranscriptEntry e : entries) {
      if (e.type().equals("step.preflight") || e.type().equals("step.create-key")) {
        String s = text(e.data().path("key"), "keySpec");
        if (s != null) {
          return s;
        }
      }
    }
    return null;
  }

  private static JsonNode last(List<TranscriptEntry> entries, String type) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).type().equals(type)) {
        return entries.get(i).data();
      }
    }
    return null;
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.path(f);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }
}
