package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier on a good bundle and on one fixture per way of tampering with it. */
class TranscriptVerifierTest {
  private static SoftwareP384Signer signer;
  private static TranscriptBundle good;
  private static List<byte[]> goodLines;

  @BeforeAll
  static void writeGoodBundle(@TempDir Path tmp) throws Exception {
    signer = SoftwareP384Signer.generate();
    Fixtures.writeTranscript(tmp, signer, 4);
    good = TranscriptBundle.read(tmp);
    goodLines = splitLines(good.transcript());
  }

  @Test
  void verify_intactBundle_isValid() {
    VerificationReport r = TranscriptVerifier.verify(good, null);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(r.lineCount()).isEqualTo(4);
    assertThat(r.signedLineCount()).isEqualTo(4);
    assertThat(r.ceremonyId()).isEqualTo("ceremony-2026-01-15");
    assertThat(r.signerFingerprint()).isEqualTo(signer.signerFingerprint());
    assertThat(r.entries()).extracting(TranscriptEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.problems()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.summary())
        .isEqualTo(
            "OK: 4 entries, chain intact, signature valid, signer SHA-256 "
                + signer.signerFingerprint()
                + ", ceremony ceremony-2026-01-15");
  }

  @Test
  void verify_expectedFingerprintMatches_isValid_evenUpperCaseWithColons() {
    String fp = signer.signerFingerprint().toUpperCase().replaceAll("(..)(?!$)", "$1:");
    assertThat(TranscriptVerifier.verify(good, fp).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void verify_wrongExpectedFingerprint_fails() {
    String other = SoftwareP384Signer.generate().signerFingerprint();
    VerificationReport r = TranscriptVerifier.verify(good, other);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().toString())
        .isEqualTo(
            "signer.pem: its key has SHA-256 "
                + signer.signerFingerprint()
                + ", not the expected "
                + other
                + " (expected fingerprint): this bundle was not signed by the expected key (a copy re-signed with another"
                + " key, or the wrong pin)");
  }

  @Test
  void verify_malformedExpectedFingerprint_refused() {
    assertThatThrownBy(() -> TranscriptVerifier.verify(good, "abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signer fingerprint 'abc' is not a SHA-256 in hex");
  }

  /** Every single-bit change anywhere in a small transcript fails and names a line. */
  @Test
  void verify_anyFlippedBit_failsAndNamesALine(@TempDir Path tmp) {
    try (TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock())) {
      w.append("ceremony.opened", "tool", java.util.Map.of());
      w.append("step.done", "bob", java.util.Map.of("n", 2, "s", "x"));
      w.append("ceremony.sealed", "tool", java.util.Map.of("ok", true));
    }
    TranscriptBundle small = TranscriptBundle.read(tmp);
    byte[] file = small.transcript();
    List<String> missed = new ArrayList<>();
    for (int pos = 0; pos < file.length; pos++) {
      // The low bit: turns digits into digits and letters into letters, the hardest changes to see.
      byte[] t = file.clone();
      t[pos] ^= 1;
      VerificationReport r =
          TranscriptVerifier.verify(
              new TranscriptBundle(t, small.signature(), small.signerPem()), null);
      if (r.verdict() != Verdict.INVALID || r.firstProblem().orElseThrow().line() < 1) {
        missed.add("byte " + pos + ": " + r.summary());
      }
    }
    assertThat(file.length).isGreaterThan(500);
    assertThat(missed).isEmpty();
  }

  @Test
  void verify_changedValueInMiddleLine_namesThatLine() {
    byte[] t = replaceFirst(good.transcript(), "\"step\":2", "\"step\":7");
    VerificationReport r = verifyTranscript(t);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().line()).isEqualTo(2);
    assertThat(r.firstProblem().orElseThrow().message())
        .startsWith("was altered after it was written");
  }

  @Test
  void verify_changedValueInLastLine_namesTheLastLineThroughTheSignature() {
    byte[] t = replaceFirst(good.transcript(), "\"step\":4", "\"step\":7");
    VerificationReport r = verifyTranscript(t);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().line()).isEqualTo(4);
    assertThat(r.firstProblem().orElseThrow().message())
        .startsWith("transcript.sig does not verify");
  }

  @Test
  void verify_deletedLine_fails() {
    VerificationReport r =
        verifyTranscript(join(goodLines.get(0), goodLines.get(2), goodLines.get(3)));
    assertThat(r.firstProblem().orElseThrow().toString())
        .isEqualTo(
            "transcript.jsonl line 2: seq is 3 but this is line 2: the entry with seq 2 was removed,"
                + " or lines were reordered");
  }

  @Test
  void verify_reorderedLines_fails() {
    VerificationReport r =
        verifyTranscript(
            join(goodLines.get(0), goodLines.get(2), goodLines.get(1), goodLines.get(3)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().line()).isEqualTo(2);
    assertThat(r.firstProblem().orElseThrow().message()).contains("seq is 3 but this is line 2");
  }

  @Test
  void verify_duplicatedLine_fails() {
    VerificationReport r =
        verifyTranscript(
            join(
                goodLines.get(0),
                goodLines.get(1),
                goodLines.get(1),
                goodLines.get(2),
                goodLines.get(3)));
    assertThat(r.firstProblem().orElseThrow().toString())
        .isEqualTo(
            "transcript.jsonl line 3: seq is 2 but this is line 3: line 2 appears again (a duplicated line),"
                + " or lines were reordered");
  }

  @Test
  void verify_truncatedMidLine_failsNamingTheCutLine() {
    byte[] t = Arrays.copyOf(good.transcript(), good.transcript().length - 10);
    VerificationReport r = verifyTranscript(t);
    assertThat(r.firstProblem().orElseThrow().toString())
        .isEqualTo(
            "transcript.jsonl line 4: has no terminating newline: the file was truncated, or a write was"
                + " interrupted");
  }

  @Test
  void verify_truncatedAtLineBoundary_failsThroughTheSignature() {
    VerificationReport r =
        verifyTranscript(join(goodLines.get(0), goodLines.get(1), goodLines.get(2)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().line()).isEqualTo(3);
    assertThat(r.firstProblem().orElseThrow().message()).contains("lines after it were removed");
  }

  @Test
  void verify_onlyNewlineRemovedAtEnd_fails() {
    byte[] t = Arrays.copyOf(good.transcript(), good.transcript().length - 1);
    assertThat(verifyTranscript(t).firstProblem().orElseThrow().message())
        .contains("no terminating newline");
  }

  @Test
  void verify_appendedLine_isNotAPass_andNamesTheFirstUnsignedLine() throws Exception {
    Path dir = Files.createTempDirectory("appended");
    Fixtures.writeTranscript(dir, signer, 4);
    SteppingClock later =
        new SteppingClock(Fixtures.START.plusSeconds(60), java.time.Duration.ofSeconds(1));
    try (TranscriptWriter w = TranscriptWriter.resume(dir, signer, later)) {
      w.append("step.done", "mallory", Fixtures.data(5));
      // no checkpoint: simulate an attacker who can write lines but not sign; close() would sign,
      // so read the bundle before it.
      VerificationReport r = TranscriptVerifier.verify(dir);
      assertThat(r.verdict()).isEqualTo(Verdict.UNSIGNED_TAIL);
      assertThat(r.isValid()).isFalse();
      assertThat(r.signedLineCount()).isEqualTo(4);
      assertThat(r.warnings()).extracting(Finding::line).containsExactly(5);
      assertThat(r.summary())
          .startsWith("WARNING: chain intact, but only lines 1-4 of 5 are signed (1 unsigned line");
    }
  }

  @Test
  void verify_appendedForeignLine_fails() {
    byte[] extra = "{\"actor\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    VerificationReport r =
        verifyTranscript(
            join(goodLines.get(0), goodLines.get(1), goodLines.get(2), goodLines.get(3), extra));
    assertThat(r.firstProblem().orElseThrow().line()).isEqualTo(5);
    assertThat(r.firstProblem().orElseThrow().message()).contains("must have exactly the fields");
  }

  @Test
  void verify_swappedSignerPem_failsAtLineOne() {
    byte[] otherPem =
        SignerKeys.toPem(SoftwareP384Signer.generate().publicKeySpki())
            .getBytes(StandardCharsets.US_ASCII);
    VerificationReport r =
        TranscriptVerifier.verify(
            new TranscriptBundle(good.transcript(), good.signature(), otherPem), null);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().line()).isEqualTo(1);
    assertThat(r.firstProblem().orElseThrow().message())
        .startsWith("data.signer.fingerprintSha256 is " + signer.signerFingerprint())
        .contains("signer.pem was replaced");
  }

  @Test
  void verify_signatureByAnotherKeyAndMatchingPem_failsAtLineOne() {
    // An attacker re-signs a transcript with their own key and ships their key: line 1 still names
    // ours.
    SoftwareP384Signer mallory = SoftwareP384Signer.generate();
    byte[] pem = SignerKeys.toPem(mallory.publicKeySpki()).getBytes(StandardCharsets.US_ASCII);
    VerificationReport r =
        TranscriptVerifier.verify(
            new TranscriptBundle(good.transcript(), mallory.sign(good.transcript()), pem), null);
    assertThat(r.firstProblem().orElseThrow().toString())
        .startsWith(
            "transcript.jsonl line 1: data.signer"
                + ".fingerprintSha256 is "
                + signer.signerFingerprint()
                + ", but signer.pem's key has SHA-256 "
                + mallory.signerFingerprint());
  }

  @Test
  void verify_wrongSignatureFile_fails() {
    byte[] sig = signer.sign("other".getBytes(StandardCharsets.UTF_8));
    VerificationReport r =
        TranscriptVerifier.verify(
            new TranscriptBundle(good.transcript(), sig, good.signerPem()), null);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().message()).contains("transcript.sig does not verify");
  }

  @Test
  void verify_missingFiles_namedEach() {
    VerificationReport r =
        TranscriptVerifier.verify(new TranscriptBundle(good.transcript(), null, null), null);
    assertThat(r.problems())
        .extracting(Finding::toString)
        .contains("signer.pem: is missing")
        .anyMatch(s -> s.startsWith("transcript.sig: is missing"));
    assertThat(
            TranscriptVerifier.verify(
                    new TranscriptBundle(null, good.signature(), good.signerPem()), null)
                .problems())
        .extracting(Finding::toString)
        .containsExactly("transcript.jsonl: is missing");
  }

  @Test
  void verify_garbageSignerPem_fails() {
    VerificationReport r =
        TranscriptVerifier.verify(
            new TranscriptBundle(
                good.transcript(), good.signature(), "hello".getBytes(StandardCharsets.US_ASCII)),
            null);
    assertThat(r.firstProblem().orElseThrow().toString())
        .startsWith("signer.pem: does not hold a PEM \"PUBLIC KEY\"");
  }

  @Test
  void verify_emptyTranscript_fails() {
    VerificationReport r = verifyTranscript(new byte[0]);
    assertThat(r.firstProblem().orElseThrow().toString())
        .isEqualTo("transcript.jsonl: is empty: no entry was ever written");
  }

  @Test
  void verify_nonCanonicalButEquivalentLine_fails() {
    String line1 = new String(goodLines.get(0), StandardCharsets.UTF_8);
    byte[] spaced =
        line1.replaceFirst("\\{\"actor\"", "{ \"actor\"").getBytes(StandardCharsets.UTF_8);
    VerificationReport r =
        verifyTranscript(join(spaced, goodLines.get(1), goodLines.get(2), goodLines.get(3)));
    assertThat(r.firstProblem().orElseThrow().toString())
        .startsWith("transcript.jsonl line 1: is not in RFC 8785 canonical form");
  }

  @Test
  void verify_crlfLineEndings_namedAsSuch() {
    byte[] crlf =
        new String(good.transcript(), StandardCharsets.UTF_8)
            .replace("\n", "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(verifyTranscript(crlf).firstProblem().orElseThrow().toString())
        .startsWith("transcript.jsonl line 1: ends with a carriage return (CRLF line endings)");
  }

  @Test
  void verify_byteOrderMark_namedAsSuch() {
    byte[] bom = new byte[good.transcript().length + 3];
    bom[0] = (byte) 0xef;
    bom[1] = (byte) 0xbb;
    bom[2] = (byte) 0xbf;
    System.arraycopy(good.transcript(), 0, bom, 3, good.transcript().length);
    assertThat(verifyTranscript(bom).firstProblem().orElseThrow().toString())
        .startsWith("transcript.jsonl line 1: starts with a UTF-8 byte order mark");
  }

  private static VerificationReport verifyTranscript(byte[] transcript) {
    return TranscriptVerifier.verify(
        new TranscriptBundle(transcript, good.signature(), good.signerPem()), null);
  }

  static List<byte[]> splitLines(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        out.add(Arrays.copyOfRange(file, start, i));
        start = i + 1;
      }
    }
    return out;
  }

  private static byte[] join(byte[]... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.writeBytes(l);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] replaceFirst(byte[] file, String from, String to) {
    String s = new String(file, StandardCharsets.UTF_8);
    assertThat(s).contains(from);
    return s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
  }
}
