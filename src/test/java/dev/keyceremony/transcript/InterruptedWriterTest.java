package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ceremony that dies mid-way leaves a verifiable signed prefix, and says exactly how much is
 * signed.
 */
class InterruptedWriterTest {
  @TempDir Path tmp;

  @Test
  void writerNeverClosed_afterCheckpoint_leavesSignedPrefixAndReportsUnsignedTail() {
    SoftwareP384Signer signer = SoftwareP384Signer.generate();
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    for (int i = 1; i <= 3; i++) {
      w.append(i == 1 ? "ceremony.opened" : "step.done", "tool", Map.of("i", i));
    }
    w.checkpoint();
    w.append("step.done", "tool", Map.of("i", 4));
    w.append("step.done", "tool", Map.of("i", 5));
    // The process "dies" here: no close(), so no final checkpoint.

    VerificationReport r = TranscriptVerifier.verify(tmp, signer.signerFingerprint());
    assertThat(r.verdict()).isEqualTo(Verdict.UNSIGNED_TAIL);
    assertThat(r.lineCount()).isEqualTo(5);
    assertThat(r.signedLineCount()).isEqualTo(3);
    assertThat(r.problems()).isEmpty();
    assertThat(r.warnings())
        .extracting(Finding::toString)
        .containsExactly(
            "transcript.jsonl line 4: lines 4-5 are"
                + " not covered by transcript.sig, which signs lines 1-3 only: the ceremony was interrupted after its last"
                + " checkpoint, or lines were appended afterwards",
            "transcript.jsonl line 3: the last signed entry is 'step.done', not 'ceremony.sealed': the ceremony did not"
                + " finish, or stopped right after a checkpoint");
  }

  @Test
  void writerNeverClosed_checkpointAfterEveryEntry_isValidButWarnsItWasNotSealed() {
    SoftwareP384Signer signer = SoftwareP384Signer.generate();
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    w.checkpoint();
    w.append("step.prove", "tool", Map.of());
    w.checkpoint();
    VerificationReport r = TranscriptVerifier.verify(tmp);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.warnings())
        .extracting(Finding::toString)
        .containsExactly(
            "transcript.jsonl line 2: the last"
                + " signed entry is 'step.prove', not 'ceremony.sealed': the ceremony did not finish, or stopped right after"
                + " a checkpoint");
  }

  @Test
  void crashMidLine_afterCheckpoint_isInvalidButStillReportsTheSignedPrefix() throws Exception {
    SoftwareP384Signer signer = SoftwareP384Signer.generate();
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    w.append("step.done", "tool", Map.of());
    w.checkpoint();
    // A torn write: half a line at the end of the file.
    Files.write(
        tmp.resolve("transcript.jsonl"),
        "{\"actor\":\"to".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    VerificationReport r = TranscriptVerifier.verify(tmp);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.signedLineCount()).isEqualTo(2);
    assertThat(r.firstProblem().orElseThrow().toString())
        .isEqualTo(
            "transcript.jsonl line 3: has no terminating"
                + " newline: the file was truncated, or a write was interrupted");
  }

  @Test
  void interruptedBeforeAnyCheckpoint_isInvalid_signatureMissing() {
    SoftwareP384Signer signer = SoftwareP384Signer.generate();
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    VerificationReport r = TranscriptVerifier.verify(tmp);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().toString()).startsWith("transcript.sig: is missing");
  }

  @Test
  void resumeAfterInterruption_acceptsTheUnsignedTail_andSignsTheWholeAgain() throws Exception {
    SoftwareP384Signer signer = SoftwareP384Signer.generate();
    TranscriptWriter dead = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    dead.append("ceremony.opened", "tool", Map.of());
    dead.checkpoint();
    byte[] checkpointSig = Files.readAllBytes(tmp.resolve("transcript.sig"));
    dead.append("step.done", "tool", Map.of());
    dead.close(); // releases the lock as a dead process would; close also signs, so restore the
    // checkpoint
    Files.write(tmp.resolve("transcript.sig"), checkpointSig);
    assertThat(TranscriptVerifier.verify(tmp).verdict()).isEqualTo(Verdict.UNSIGNED_TAIL);
    SteppingClock later =
        new SteppingClock(Fixtures.START.plusSeconds(3600), java.time.Duration.ofSeconds(1));
    try (TranscriptWriter w = TranscriptWriter.resume(tmp, signer, later)) {
      assertThat(w.entryCount()).isEqualTo(2);
      w.append("ceremony.resumed", "tool", Map.of("fromSeq", 2));
    }
    VerificationReport r = TranscriptVerifier.verify(tmp, signer.signerFingerprint());
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(r.lineCount()).isEqualTo(3);
  }
}
