package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ceremony demo} in-process with --out a temp dir, twice (fresh labels each run). */
class DemoIT {
  @TempDir Path out;

  @Test
  void demo_runsRepeatedly_bundlesVerifyWithToolAndOpenssl() throws Exception {
    for (int i = 0; i < 2; i++) {
      ItCeremony.Cli r =
          ItCeremony.main(
              "demo", "--out", out.toString(), "--specs", "SYMMETRIC_DEFAULT,ECC_NIST_P256");
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out())
          .contains("Demo complete.")
          .contains("What they prove:")
          .contains("What they do not prove:")
          .contains("openssl dgst -sha384 -verify ")
          .contains("(ran it: Verified OK)");
    }
    List<Path> bundles;
    try (Stream<Path> s = Files.list(out)) {
      bundles = s.collect(Collectors.toList());
    }
    assertThat(bundles).hasSize(4);
    for (Path b : bundles) {
      assertThat(TranscriptVerifier.verify(b).isValid()).isTrue();
      assertThat(Openssl.verify(b)).isEqualTo("Verified OK");
    }
    Path b = bundles.get(0).resolve("transcript.jsonl");
    byte[] bytes = Files.readAllBytes(b);
    bytes[bytes.length / 3] ^= 0x01;
    Files.write(b, bytes);
    assertThat(Openssl.verify(bundles.get(0))).isEqualTo("Verification failure");
    assertThat(TranscriptVerifier.verify(bundles.get(0)).isValid()).isFalse();
  }
}
