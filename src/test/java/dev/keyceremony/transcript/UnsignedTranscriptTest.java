package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle written when no signer was available: chain only, reported as NOT SIGNED, never valid.
 */
class UnsignedTranscriptTest {
  @TempDir Path tmp;

  private Path write(String reason) {
    Path dir = tmp.resolve("unsigned");
    try (TranscriptWriter w =
        TranscriptWriter.createUnsigned(dir, "c-1", reason, Fixtures.clock())) {
      w.append("ceremony.opened", "operator:olivia", Map.of("name", "c"));
      w.append(
          "error", "operator:olivia", Map.of("cause", "HSM_PIN_INCORRECT", "fix", "check the PIN"));
    }
    return dir;
  }

  @Test
  void unsignedBundle_hasOnlyTheTranscript_markerInLineOne_verdictUnsignedWithReason()
      throws Exception {
    Path dir = write("the signer key is in a token that refused the login");
    assertThat(Files.exists(dir.resolve("transcript.jsonl"))).isTrue();
    assertThat(Files.exists(dir.resolve("transcript.sig"))).isFalse();
    assertThat(Files.exists(dir.resolve("signer.pem"))).isFalse();
    String first =
        Files.readAllLines(dir.resolve("transcript.jsonl"), StandardCharsets.UTF_8).get(0);
    assertThat(first)
        .contains(
            "\"signer\":{\"reason\":\"the signer key is in a token that refused the"
                + " login\",\"unavailable\":true}");

    VerificationReport r = TranscriptVerifier.verify(dir);
    assertThat(r.verdict()).isEqualTo(Verdict.UNSIGNED);
    assertThat(r.isValid()).isFalse();
    assertThat(r.signedLineCount()).isZero();
    assertThat(r.unsignedReason()).hasValue("the signer key is in a token that refused the login");
    assertThat(r.summary())
        .startsWith(
            "NOT SIGNED: 2 entries, chain intact, but no signer was available"
                + " (the signer key is in a token that refused the login)");
  }

  @Test
  void tamperedUnsignedBundle_isInvalid_notUnsigned() throws Exception {
    Path dir = write("no signer");
    Path f = dir.resolve("transcript.jsonl");
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    Files.writeString(
        f, lines.get(0) + "\n" + lines.get(1).replace("check the PIN", "check the pin") + "\n");
    assertThat(TranscriptVerifier.verify(dir).verdict())
        .isEqualTo(Verdict.UNSIGNED); // last line: no later prev
    Files.writeString(
        f, lines.get(0).replace("\"name\":\"c\"", "\"name\":\"d\"") + "\n" + lines.get(1) + "\n");
    VerificationReport r = TranscriptVerifier.verify(dir);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.firstProblem().orElseThrow().toString()).contains("line 1");
  }

  @Test
  void aSignedBundleWithSignatureAndKeyRemoved_isInvalid() throws Exception {
    SoftwareP384Signer signer = SoftwareP384Signer.generate();
    Path dir = tmp.resolve("signed");
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-2", signer, Fixtures.clock())) {
      w.append("ceremony.opened", "tool", Map.of());
    }
    Files.delete(dir.resolve("transcript.sig"));
    Files.delete(dir.resolve("signer.pem"));
    assertThat(TranscriptVerifier.verify(dir).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void expectedSignerOnAnUnsignedBundle_isInvalid() {
    Path dir = write("no signer");
    assertThat(TranscriptVerifier.verify(dir, "ab".repeat(32)).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void unsignedWithoutAReason_refused() {
    assertThatThrownBy(
            () -> TranscriptWriter.createUnsigned(tmp.resolve("x"), "c-3", " ", Fixtures.clock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must say why");
  }
}
