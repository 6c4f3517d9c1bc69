package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed clock and a fixed test key give a byte-exact transcript: any change to the format (field
 * names, canonical form, time format, chain rule, first-entry signer facts) shows up here. ECDSA
 * signatures are randomised, so the signature is verified rather than compared.
 */
class GoldenTranscriptTest {
  static final String GOLDEN = "golden/transcript.jsonl";

  @TempDir Path tmp;

  static void writeGolden(Path dir) {
    SoftwareP384Signer signer = SoftwareP384Signer.fixedTestKey();
    try (TranscriptWriter w =
        TranscriptWriter.create(dir, "golden-2026-01-15", signer, Fixtures.clock())) {
      Map<String, Object> opened = new LinkedHashMap<>();
      opened.put(
          "tool", Map.of("name", "ceremony", "version", "0.1.0", "jarSha256", "ab".repeat(32)));
      opened.put(
          "participants",
          List.of(
              Map.of("name", "Zo\u00eb", "role", "custodian"),
              Map.of("name", "Bob \"B\" \u738b", "role", "witness")));
      w.append("ceremony.opened", "tool", opened);
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("durationMs", 1234);
      step.put("ratio", 0.1);
      step.put("big", 9007199254740991L);
      step.put("negative", -1.5e-7);
      step.put("ok", true);
      step.put("none", null);
      step.put("text", "tab\there\nnewline \u2028 \ud83d\ude00");
      w.append("hsm.generate", "custodian:alice", step);
      w.checkpoint();
      w.append("ceremony.sealed", "tool", Map.of("outcome", "succeeded"));
    }
  }

  @Test
  void writer_fixedClockAndKey_writesTheGoldenBytesExactly() throws IOException {
    writeGolden(tmp);
    byte[] written = Files.readAllBytes(tmp.resolve("transcript.jsonl"));
    if (Boolean.getBoolean(
        "transcript.golden.update")) { // by hand only, after a deliberate format change
      Files.write(
          Path.of(
              System.getProperty("ceremony.projectDir", "."),
              "src/test/resources/dev/keyceremony/transcript",
              GOLDEN),
          written);
    }
    assertThat(new String(written, StandardCharsets.UTF_8))
        .isEqualTo(new String(golden(), StandardCharsets.UTF_8));
    assertThat(written).isEqualTo(golden());
  }

  @Test
  void verifier_goldenBundle_isValidWithTheFixedKeysFingerprint() {
    writeGolden(tmp);
    String fp = SoftwareP384Signer.fixedTestKey().signerFingerprint();
    VerificationReport r = TranscriptVerifier.verify(tmp, fp);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(r.lineCount()).isEqualTo(3);
    assertThat(r.entries().get(1).data().get("text").textValue())
        .isEqualTo("tab\there\nnewline \u2028 \ud83d\ude00");
  }

  private static byte[] golden() throws IOException {
    try (InputStream in = GoldenTranscriptTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file " + GOLDEN).isNotNull();
      return in.readAllBytes();
    }
  }
}
