package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's route without this tool: the stock {@code openssl} binary (required on the build
 * machine; the test fails, not skips, without it) and the auditor's guide's sha256sum chain recipe
 * (docs/guides/auditor.md), run by bash.
 */
class OpensslCompatibilityTest {
  private static SoftwareP384Signer signer;

  @TempDir Path tmp;

  @BeforeAll
  static void key() {
    signer = SoftwareP384Signer.generate();
  }

  @Test
  void openssl_verifiesAWrittenTranscript() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 3);
    Result r =
        run(
            tmp,
            "openssl",
            "dgst",
            "-sha384",
            "-verify",
            "signer.pem",
            "-signature",
            "transcript.sig",
            "transcript.jsonl");
    assertThat(r.out).isEqualTo("Verified OK\n");
    assertThat(r.exit).isZero();
  }

  @Test
  void openssl_flippedByte_fails() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 3);
    Path file = tmp.resolve("transcript.jsonl");
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
    Result r =
        run(
            tmp,
            "openssl",
            "dgst",
            "-sha384",
            "-verify",
            "signer.pem",
            "-signature",
            "transcript.sig",
            "transcript.jsonl");
    assertThat(r.out).startsWith("Verification failure");
    assertThat(r.exit).isEqualTo(1);
    assertThat(TranscriptVerifier.verify(tmp).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void openssl_fingerprintCommand_printsTheFingerprintOfLineOne() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 1);
    Result r = run(tmp, "bash", "-c", BundleFiles.opensslFingerprintCommand(Path.of(".")));
    assertThat(r.out).contains(signer.signerFingerprint());
    assertThat(Files.readString(tmp.resolve("transcript.jsonl")))
        .contains("\"fingerprintSha256\":\"" + signer.signerFingerprint() + "\"");
  }

  @Test
  void openssl_signedPrefixOfInterruptedTranscript_verifiesWithHead() throws Exception {
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    w.append("step.done", "tool", Map.of());
    w.checkpoint();
    w.append("step.done", "tool", Map.of("after", "checkpoint"));
    // interrupted: no close
    Result full =
        run(
            tmp,
            "openssl",
            "dgst",
            "-sha384",
            "-verify",
            "signer.pem",
            "-signature",
            "transcript.sig",
            "transcript.jsonl");
    assertThat(full.out).startsWith("Verification failure");
    Result prefix =
        run(
            tmp,
            "bash",
            "-c",
            "head -n 2 transcript.jsonl | openssl dgst -sha384 -verify signer.pem -signature transcript.sig");
    assertThat(prefix.out).isEqualTo("Verified OK\n");
  }

  @Test
  void guideChainRecipe_acceptsAGoodChain_andNamesAnAlteredLine() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 4);
    String recipe = guideChainRecipe();
    Result good = run(tmp, "bash", "-c", recipe);
    String lastLine =
        Files.readAllLines(tmp.resolve("transcript.jsonl"), StandardCharsets.UTF_8).get(3);
    assertThat(good.out)
        .isEqualTo(
            "chain OK: 4 lines, SHA-256 of the last line "
                + Hashes.sha256Hex(lastLine.getBytes(StandardCharsets.UTF_8))
                + "\n");

    Path file = tmp.resolve("transcript.jsonl");
    Files.writeString(file, Files.readString(file).replaceFirst("\"step\":2", "\"step\":9"));
    Result bad = run(tmp, "bash", "-c", recipe);
    assertThat(bad.out).startsWith("line 3: does not chain");
  }

  private static String guideChainRecipe() throws IOException {
    String guide =
        Files.readString(
            Path.of(
                System.getProperty("ceremony.projectDir", "."), "docs", "guides", "auditor.md"));
    int start = guide.indexOf("<!-- chain-recipe:start -->");
    int end = guide.indexOf("<!-- chain-recipe:end -->");
    assertThat(start).as("auditor's guide chain recipe markers").isNotNegative();
    String block = guide.substring(start, end);
    return block.substring(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));
  }

  private record Result(int exit, String out) {}

  private static Result run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS))
        .as("%s finished", String.join(" ", command))
        .isTrue();
    return new Result(p.exitValue(), out);
  }
}
