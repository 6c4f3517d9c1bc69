package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ceremony bundle (SoftHSM2-signed), then tampered copies: a flipped byte, a deleted line,
 * two lines swapped, the last line dropped, a line cut short. Each must fail verification, with
 * this tool and with stock OpenSSL.
 */
class TamperIT {
  static LocalKms kms;
  @TempDir static Path dir;
  static Path bundle;

  @BeforeAll
  static void ceremony() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).start();
    ItCeremony.Cli r =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'tamper-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    assertThat(r.exit()).as(r.all()).isZero();
    bundle = r.bundle();
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  static Path copy(String name) throws IOException {
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    for (String f : List.of("transcript.jsonl", "transcript.sig", "signer.pem")) {
      Files.copy(bundle.resolve(f), d.resolve(f));
    }
    return d;
  }

  static List<String> lines(Path d) throws IOException {
    return new ArrayList<>(Files.readAllLines(d.resolve("transcript.jsonl")));
  }

  static void write(Path d, List<String> lines) throws IOException {
    Files.writeString(d.resolve("transcript.jsonl"), String.join("\n", lines) + "\n");
  }

  static String openssl(Path d) throws Exception {
    Process p =
        new ProcessBuilder(
                "openssl",
                "dgst",
                "-sha384",
                "-verify",
                d.resolve("signer.pem").toString(),
                "-signature",
                d.resolve("transcript.sig").toString(),
                d.resolve("transcript.jsonl").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.waitFor() + " " + out.lines().findFirst().orElse("");
  }

  @Test
  void original_verifiesWithToolAndOpenssl() throws Exception {
    VerificationReport v = TranscriptVerifier.verify(bundle);
    assertThat(v.isValid()).as(v.summary()).isTrue();
    assertThat(openssl(bundle)).isEqualTo("0 Verified OK");
  }

  @Test
  void flippedByte_detectedByToolAndOpenssl() throws Exception {
    Path d = copy("flipped");
    byte[] b = Files.readAllBytes(d.resolve("transcript.jsonl"));
    int i = b.length / 2;
    b[i] = (byte) (b[i] == 'a' ? 'b' : 'a');
    Files.write(d.resolve("transcript.jsonl"), b);
    assertThat(TranscriptVerifier.verify(d).isValid()).isFalse();
    assertThat(openssl(d)).startsWith("1 Verification failure");
  }

  @Test
  void deletedLine_detected() throws Exception {
    Path d = copy("deleted");
    List<String> l = lines(d);
    l.remove(3);
    write(d, l);
    VerificationReport v = TranscriptVerifier.verify(d);
    assertThat(v.isValid()).isFalse();
    assertThat(v.summary()).startsWith("FAILED");
  }

  @Test
  void reorderedLines_detected() throws Exception {
    Path d = copy("reordered");
    List<String> l = lines(d);
    String x = l.get(2);
    l.set(2, l.get(3));
    l.set(3, x);
    write(d, l);
    assertThat(TranscriptVerifier.verify(d).summary()).startsWith("FAILED");
  }

  @Test
  void truncated_detected() throws Exception {
    Path last = copy("last-line-dropped");
    List<String> l = lines(last);
    l.remove(l.size() - 1);
    write(last, l);
    assertThat(TranscriptVerifier.verify(last).summary()).startsWith("FAILED");
    Path cut = copy("cut");
    byte[] b = Files.readAllBytes(cut.resolve("transcript.jsonl"));
    Files.write(cut.resolve("transcript.jsonl"), Arrays.copyOf(b, b.length - 40));
    assertThat(TranscriptVerifier.verify(cut).summary()).startsWith("FAILED");
    assertThat(openssl(cut)).startsWith("1 Verification failure");
  }
}
