package dev.keyceremony.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The offline verifier: reads the bundle's files and nothing else (no network, no HSM). Checks each
 * line on its own ({@link EntryParser}), then the chain ({@code seq} counts 1, 2, 3..., {@code
 * prev} is the SHA-256 of the previous line's bytes without newline, one {@code ceremony}), then
 * the signer (line 1's fingerprint equals SHA-256 of signer.pem's SPKI, and one of the pins when
 * given), then the signature over the exact file bytes, then script.yaml against line 1. Reports
 * the first bad line, whether the signer is pinned ({@link SignerTrust}), and the outcome read from
 * the signed entries ({@link OutcomeReader}).
 */
public final class TranscriptVerifier {
  private TranscriptVerifier() {}

  public static VerificationReport verify(Path dir) {
    return verifyPinned(TranscriptBundle.read(dir), List.of());
  }

  /**
   * @param expectedSignerFingerprint hex SHA-256 of the signer's SPKI (colons allowed), or null
   */
  public static VerificationReport verify(Path dir, String expectedSignerFingerprint) {
    return verify(TranscriptBundle.read(dir), expectedSignerFingerprint);
  }

  /**
   * @param expectedSignerFingerprint hex SHA-256 of the signer's SPKI (colons allowed), or null
   */
  public static VerificationReport verify(
      TranscriptBundle bundle, String expectedSignerFingerprint) {
    return verifyPinned(
        bundle,
        expectedSignerFingerprint == null
            ? List.of()
            : List.of(new SignerPin(expectedSignerFingerprint, "expected fingerprint")));
  }

  /**
   * Pure: a function of the bytes and the pins only.
   *
   * @param pins the signers the auditor trusts; empty: the signer is reported NOT PINNED (a valid
   *     signature by an unknown key proves nothing about who signed); non-empty: signer.pem must be
   *     one of them, or the bundle is INVALID
   */
  public static VerificationReport verifyPinned(TranscriptBundle bundle, List<SignerPin> pins) {
    List<Finding> problems = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    SignerPin matched = null;

    PublicKey key = null;
    String fingerprint = "";
    if (bundle.signerPem() == null) {
      if (!(bundle.signature() == null
          && (declaresUnsigned(bundle.transcript()) || declaresPending(bundle.transcript())))) {
        problems.add(Finding.inFile(BundleFiles.SIGNER_PEM, "is missing"));
      }
    } else {
      try {
        byte[] spki =
            SignerKeys.spkiFromPem(new String(bundle.signerPem(), StandardCharsets.US_ASCII));
        key = SignerKeys.p384PublicKey(spki);
        fingerprint = Hashes.sha256Hex(spki);
      } catch (IllegalArgumentException e) {
        problems.add(Finding.inFile(BundleFiles.SIGNER_PEM, e.getMessage()));
      }
    }
    if (!pins.isEmpty() && !fingerprint.isEmpty()) {
      final String fp = fingerprint;
      matched = pins.stream().filter(p -> p.fingerprint().equals(fp)).findFirst().orElse(null);
      if (matched == null) {
        problems.add(
            Finding.inFile(
                BundleFiles.SIGNER_PEM,
                "its key has SHA-256 "
                    + fingerprint
                    + ", not "
                    + (pins.size() == 1
                        ? "the expected "
                            + pins.get(0).fingerprint()
                            + " ("
                            + pins.get(0).name()
                            + ")"
                        : "any of the " + pins.size() + " pinned signers")
                    + ": this bundle was not signed by the expected key (a copy re-signed with another key, or the wrong"
                    + " pin)"));
      }
    }
    if (bundle.transcript() == null) {
      problems.add(Finding.inFile(BundleFiles.TRANSCRIPT, "is missing"));
      return report(Verdict.INVALID, 0, 0, "", fingerprint, problems, warnings, List.of(), null, 0);
    }

    byte[] file = bundle.transcript();
    Lines lines = Lines.split(file);
    if (lines.count() == 0) {
      problems.add(Finding.inFile(BundleFiles.TRANSCRIPT, "is empty: no entry was ever written"));
    }
    ChainCheck chain = new ChainCheck();
    for (int i = 0; i < lines.count(); i++) {
      chain.accept(i + 1, lines.line(file, i), i == lines.count() - 1 && !lines.lastTerminated());
    }
    chain.firstProblem().ifPresent(problems::add);
    warnings.addAll(chain.warnings());
    String ceremonyId = chain.ceremonyId();

    if (bundle.signature() == null && declaresPending(file)) {
      // An air-gapped ceremony before its first offline phase: line 1 names the signer that will
      // sign it; the chain holds, nothing vouches for it yet (signer.pem may already be there).
      if (!chain.entries().isEmpty() && chain.entries().get(0).seq() == 1) {
        String named =
            chain.entries().get(0).data().path("signer").path("fingerprintSha256").asText("");
        if (!Hashes.isSha256Hex(named)) {
          problems.add(
              Finding.atLine(
                  1, "data.signer.fingerprintSha256 is missing: a pending signer must be named"));
        } else {
          if (!fingerprint.isEmpty() && !fingerprint.equals(named)) {
            problems.add(
                Finding.inFile(
                    BundleFiles.SIGNER_PEM,
                    "its key has SHA-256 "
                        + fingerprint
                        + ", but line 1 names the pending signer "
                        + named));
          }
          if (!pins.isEmpty() && pins.stream().noneMatch(p -> p.fingerprint().equals(named))) {
            problems.add(
                Finding.atLine(
                    1,
                    "line 1 names the pending signer "
                        + named
                        + ", not "
                        + (pins.size() == 1
                            ? "the expected " + pins.get(0).fingerprint()
                            : "a pinned signer")
                        + ": this bundle is not for the expected signer"));
          }
        }
        checkFirstLineUnsigned(chain.entries().get(0)).ifPresent(problems::add);
      }
      checkScript(bundle, chain.entries(), problems, warnings);
      problems.sort(java.util.Comparator.comparingInt(f -> f.line() == 0 ? 0 : 1));
      return report(
          problems.isEmpty() ? Verdict.UNSIGNED : Verdict.INVALID,
          lines.count(),
          0,
          ceremonyId,
          fingerprint,
          problems,
          warnings,
          chain.entries(),
          null,
          chain.entries().size());
    }

    if (bundle.signerPem() == null && bundle.signature() == null && declaresUnsigned(file)) {
      // Written after a failure that left no usable signer: check the chain, report it unsigned.
      if (!chain.entries().isEmpty() && chain.entries().get(0).seq() == 1) {
        checkFirstLineUnsigned(chain.entries().get(0)).ifPresent(problems::add);
      }
      if (!pins.isEmpty()) {
        problems.add(
            Finding.inFile(
                BundleFiles.SIGNER_PEM,
                "is missing: the transcript is unsigned (line 1:"
                    + " no signer was available), so it cannot have been signed by the expected key"));
      }
      checkScript(bundle, chain.entries(), problems, warnings);
      problems.sort(java.util.Comparator.comparingInt(f -> f.line() == 0 ? 0 : 1));
      return report(
          problems.isEmpty() ? Verdict.UNSIGNED : Verdict.INVALID,
          lines.count(),
          0,
          ceremonyId,
          "",
          problems,
          warnings,
          chain.entries(),
          null,
          chain.entries().size());
    }

    if (!chain.entries().isEmpty() && chain.entries().get(0).seq() == 1 && !fingerprint.isEmpty()) {
      checkFirstLineSigner(chain.entries().get(0), fingerprint).ifPresent(problems::add);
    }

    int signed = 0;
    if (bundle.signature() == null) {
      problems.add(
          Finding.inFile(
              BundleFiles.SIGNATURE,
              "is missing: the transcript was never checkpointed,"
                  + " or the signature was removed"));
    } else if (key != null && lines.completeCount() > 0) {
      int firstBadLine =
          problems.stream().mapToInt(Finding::line).filter(l -> l > 0).min().orElse(0);
      int maxLines = firstBadLine > 0 ? firstBadLine - 1 : lines.completeCount();
      signed = SignedPrefix.linesCovered(key, file, lines.ends(), bundle.signature(), maxLines);
      if (signed == 0 && firstBadLine == 0) {
        int last = lines.completeCount();
        problems.add(
            Finding.atLine(
                last,
                "transcript.sig does not verify over the file nor over any prefix of"
                    + " whole lines: line "
                    + last
                    + " (the last, which no later line's prev protects) was altered,"
                    + " lines after it were removed, or transcript.sig or signer.pem was replaced"));
      } else if (signed < lines.count() && problems.isEmpty()) {
        warnings.add(
            Finding.atLine(
                signed + 1,
                "lines "
                    + (signed + 1)
                    + "-"
                    + lines.count()
                    + " are not covered by transcript.sig, which signs lines 1-"
                    + signed
                    + " only: the ceremony was"
                    + " interrupted after its last checkpoint, or lines were appended afterwards"));
      }
    }

    if (problems.isEmpty() && signed > 0 && signed <= chain.entries().size()) {
      TranscriptEntry lastSigned = chain.entries().get(signed - 1);
      if (!TranscriptWriter.SEALED_TYPE.equals(lastSigned.type())) {
        warnings.add(
            Finding.atLine(
                signed,
                "the last signed entry is '"
                    + lastSigned.type()
                    + "', not '"
                    + TranscriptWriter.SEALED_TYPE
                    + "': the ceremony did not finish, or stopped right after a checkpoint"));
      }
    }
    checkScript(bundle, chain.entries(), problems, warnings);
    problems.sort(
        java.util.Comparator.comparingInt(f -> f.line() == 0 ? 0 : 1)); // file-level first, stable
    Verdict verdict =
        !problems.isEmpty()
            ? Verdict.INVALID
            : signed < lines.count() ? Verdict.UNSIGNED_TAIL : Verdict.VALID;
    return report(
        verdict,
        lines.count(),
        signed,
        ceremonyId,
        fingerprint,
        problems,
        warnings,
        chain.entries(),
        matched,
        Math.min(signed, chain.entries().size()));
  }

  /**
   * Adds the two other verdicts: signer trust, and the outcome read from the trusted entries only.
   */
  private static VerificationReport report(
      Verdict verdict,
      int lineCount,
      int signed,
      String ceremonyId,
      String fingerprint,
      List<Finding> problems,
      List<Finding> warnings,
      List<TranscriptEntry> entries,
      SignerPin matched,
      int trustedEntries) {
    SignerTrust trust;
    if (verdict == Verdict.VALID || verdict == Verdict.UNSIGNED_TAIL) {
      trust =
          matched != null
              ? new SignerTrust(SignerTrust.Status.PINNED, matched.name(), fingerprint)
              : new SignerTrust(SignerTrust.Status.NOT_PINNED, "", fingerprint);
    } else {
      trust = new SignerTrust(SignerTrust.Status.NONE, "", fingerprint);
    }
    CeremonyOutcome outcome =
        verdict == Verdict.INVALID
            ? new CeremonyOutcome(
                CeremonyOutcome.Kind.UNKNOWN,
                "",
                "",
                0,
                "not read: the transcript failed verification, so no entry can be trusted to say")
            : OutcomeReader.read(entries.subList(0, Math.min(trustedEntries, entries.size())));
    return new VerificationReport(
        verdict,
        lineCount,
        signed,
        ceremonyId,
        fingerprint,
        problems,
        warnings,
        entries,
        trust,
        outcome);
  }

  /**
   * script.yaml, when present, must hash to line 1's data.script.sha256: the signature covers the
   * script through that hash. A bundle without script.yaml (older bundles) only gets a warning.
   */
  private static void checkScript(
      TranscriptBundle bundle,
      List<TranscriptEntry> entries,
      List<Finding> problems,
      List<Finding> warnings) {
    if (entries.isEmpty() || entries.get(0).seq() != 1) {
      return;
    }
    JsonNode recorded = entries.get(0).data().path("script").path("sha256");
    if (bundle.script() == null) {
      if (recorded.isTextual()) {
        warnings.add(
            Finding.inFile(
                BundleFiles.SCRIPT,
                "is not in the bundle: line 1 records only the script's"
                    + " SHA-256 "
                    + recorded.textValue()
                    + "; compare it with the script in your records"));
      }
      return;
    }
    String actual = Hashes.sha256Hex(bundle.script());
    if (!recorded.isTextual()) {
      problems.add(
          Finding.inFile(
              BundleFiles.SCRIPT,
              "is in the bundle, but line 1 records no data.script.sha256"
                  + " to check it against: it was added afterwards"));
    } else if (!recorded.textValue().equals(actual)) {
      problems.add(
          Finding.inFile(
              BundleFiles.SCRIPT,
              "has SHA-256 "
                  + actual
                  + ", but line 1 records "
                  + recorded.textValue()
                  + ": script.yaml was replaced or edited after the ceremony"));
    }
  }

  /**
   * Whether line 1 says {@code data.signer.unavailable: true} (read leniently; the chain check is
   * strict).
   */
  private static boolean declaresUnsigned(byte[] file) {
    if (file == null) {
      return false;
    }
    int end = 0;
    while (end < file.length && file[end] != '\n') {
      end++;
    }
    try {
      JsonNode first = CanonicalJson.parseStrict(Arrays.copyOf(file, end));
      return first != null
          && first.path("seq").asLong() == 1
          && first.path("data").path("signer").path("unavailable").asBoolean(false);
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The signer that line 1 names as pending (an air-gapped ceremony before its first offline
   * phase), or "" when the report is not of such a bundle.
   */
  public static String pendingSigner(VerificationReport r) {
    if (r.entries().isEmpty()
        || !r.entries().get(0).data().path("signer").path("pending").asBoolean(false)) {
      return "";
    }
    return r.entries().get(0).data().path("signer").path("fingerprintSha256").asText("");
  }

  private static boolean declaresPending(byte[] file) {
    return firstLineSigner(file).path("pending").asBoolean(false);
  }

  private static JsonNode firstLineSigner(byte[] file) {
    if (file == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    int end = 0;
    while (end < file.length && file[end] != '\n') {
      end++;
    }
    try {
      JsonNode first = CanonicalJson.parseStrict(Arrays.copyOf(file, end));
      return first != null && first.path("seq").asLong() == 1
          ? first.path("data").path("signer")
          : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    } catch (java.io.IOException | RuntimeException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static java.util.Optional<Finding> checkFirstLineUnsigned(TranscriptEntry first) {
    JsonNode reason = first.data().path("signer").path("reason");
    if (!reason.isTextual() || reason.textValue().isBlank()) {
      return java.util.Optional.of(
          Finding.atLine(
              1,
              "data.signer.reason is missing: an unsigned transcript"
                  + " must say why no signer was available"));
    }
    JsonNode format = first.data().path("transcriptFormat");
    if (!TranscriptWriter.FORMAT.equals(format.textValue())) {
      return java.util.Optional.of(
          Finding.atLine(
              1,
              "data.transcriptFormat is "
                  + format
                  + ", expected \""
                  + TranscriptWriter.FORMAT
                  + "\""));
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<Finding> checkFirstLineSigner(
      TranscriptEntry first, String fingerprint) {
    JsonNode recorded = first.data().path("signer").path("fingerprintSha256");
    if (!recorded.isTextual()) {
      return java.util.Optional.of(
          Finding.atLine(
              1,
              "data.signer.fingerprintSha256 is missing: the first entry"
                  + " must name the signer"));
    }
    if (!recorded.textValue().equals(fingerprint)) {
      return java.util.Optional.of(
          Finding.atLine(
              1,
              "data.signer.fingerprintSha256 is "
                  + recorded.textValue()
                  + ", but signer.pem's key has SHA-256 "
                  + fingerprint
                  + ": signer.pem was replaced, or line 1 was altered"));
    }
    JsonNode format = first.data().path("transcriptFormat");
    if (!TranscriptWriter.FORMAT.equals(format.textValue())) {
      return java.util.Optional.of(
          Finding.atLine(
              1,
              "data.transcriptFormat is "
                  + format
                  + ", expected \""
                  + TranscriptWriter.FORMAT
                  + "\""));
    }
    return java.util.Optional.empty();
  }

  /** Lowercase 64-hex; accepts upper case and ':' or space separators as tools print them. */
  public static String normaliseFingerprint(String fp) {
    String s = fp.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    if (!Hashes.isSha256Hex(s)) {
      throw new IllegalArgumentException(
          "signer fingerprint '"
              + fp
              + "' is not a SHA-256 in hex (64 hex digits,"
              + " as printed by 'openssl pkey -pubin -in signer.pem -outform DER | openssl dgst -sha256')");
    }
    return s;
  }

  /** Line boundaries of a byte array split on '\n'. */
  private record Lines(int[] starts, int[] ends, boolean lastTerminated, int count) {
    static Lines split(byte[] file) {
      List<Integer> starts = new ArrayList<>();
      List<Integer> ends = new ArrayList<>(); // just after each '\n'
      int start = 0;
      for (int i = 0; i < file.length; i++) {
        if (file[i] == '\n') {
          starts.add(start);
          ends.add(i + 1);
          start = i + 1;
        }
      }
      boolean terminated = start == file.length;
      if (!terminated) {
        starts.add(start);
      }
      return new Lines(
          starts.stream().mapToInt(Integer::intValue).toArray(),
          ends.stream().mapToInt(Integer::intValue).toArray(),
          terminated,
          starts.size());
    }

    int completeCount() {
      return ends.length;
    }

    byte[] line(byte[] file, int i) {
      int end = i < ends.length ? ends[i] - 1 : file.length;
      return Arrays.copyOfRange(file, starts[i], end);
    }
  }
}
