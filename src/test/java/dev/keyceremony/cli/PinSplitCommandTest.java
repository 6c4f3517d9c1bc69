package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.PinSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pin split} writes share files; {@code hsm.user-pin: shares:M:file:...} joins them. */
class PinSplitCommandTest {
  private static final String PIN = "correct horse 4711";

  @TempDir Path dir;

  @Test
  void split_thenJoinAnyTwoFiles_givesThePinAndRecordsNumbersOnly() throws Exception {
    Path out = dir.resolve("shares");
    String printed = splitOk(out);
    List<Path> files = shareFiles(out);
    assertThat(files).hasSize(3);
    for (Path f : files) {
      assertThat(Files.getPosixFilePermissions(f))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      String line = Files.readAllLines(f).get(2);
      assertThat(printed).doesNotContain(line);
    }
    assertThat(printed)
        .doesNotContain(PIN)
        .contains("any 2 recover the PIN")
        .contains("hsm.user-pin: shares:2");
    PinSource src = PinSource.parse("shares:2:file:" + files.get(2) + ",file:" + files.get(0));
    try (PinSource.Reading r = src.readWithReceipt("User PIN", Map.of(), null)) {
      assertThat(text(r.pin())).isEqualTo(PIN);
      assertThat(r.receipt())
          .containsEntry("source", "shares")
          .containsEntry("sharesUsed", List.of(1, 3))
          .containsEntry("threshold", 2);
      assertThat(r.receipt().toString()).doesNotContain(Files.readAllLines(files.get(0)).get(2));
    }
  }

  @Test
  void join_corruptedShareFile_namedByItsNumber() throws Exception {
    Path out = dir.resolve("shares");
    splitOk(out);
    List<Path> files = shareFiles(out);
    List<String> lines = Files.readAllLines(files.get(1));
    String share = lines.get(2);
    int at = share.lastIndexOf('-') - 3;
    lines.set(
        2,
        share.substring(0, at) + (share.charAt(at) == 'a' ? 'b' : 'a') + share.substring(at + 1));
    Files.write(files.get(1), lines);
    PinSource src = PinSource.parse("shares:2:file:" + files.get(0) + ",file:" + files.get(1));
    assertThatThrownBy(() -> src.readWithReceipt("User PIN", Map.of(), null))
        .hasMessage(
            "PIN share 2 is corrupted (its check value does not match); retype it or use"
                + " another custodian's share");
  }

  @Test
  void parse_sharesSpecs_checked() {
    assertThat(PinSource.parse("shares:3").kind()).isEqualTo(PinSource.Kind.SHARES);
    assertThat(
            PinSource.parse("shares:2:file:a,file:../b")
                .resolvedAgainst(Path.of("/s/x"))
                .toString())
        .isEqualTo("shares:2:file:/s/x/a,file:/s/b");
    assertThatThrownBy(() -> PinSource.parse("shares:1"))
        .hasMessageContaining("M must be the split's threshold, a number from 2 to 255");
    assertThatThrownBy(() -> PinSource.parse("shares:2:file:/a"))
        .hasMessageContaining("1 share sources are listed; give exactly 2");
    assertThatThrownBy(() -> PinSource.parse("shares:2:file:/a,123456"))
        .hasMessageNotContaining("123456");
    assertThatThrownBy(() -> PinSource.parse("shares:2").readWithReceipt("PIN", Map.of(), null))
        .hasMessageContaining("needs a terminal");
  }

  @Test
  void split_badNumbers_refusedNamingTheFix_secondSplitAddsFiles() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "pin",
            "split",
            "--shares",
            "2",
            "--threshold",
            "3",
            "--pin",
            "file:" + pinFile());
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("need 2 <= threshold <= shares <= 255");
    Path out = dir.resolve("shares");
    splitOk(out);
    // A second split into the same directory makes new file names (new split ID), so it works;
    // a file of the same name is never overwritten.
    splitOk(out);
    assertThat(shareFiles(out)).hasSize(6);
  }

  @Test
  void split_pinGivenLiterally_refusedWithoutEcho() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "pin",
            "split",
            "--shares",
            "3",
            "--threshold",
            "2",
            "--pin",
            "4711");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).doesNotContain("4711").contains("never accepted");
  }

  private String splitOk(Path out) throws Exception {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(o),
            new PrintWriter(e),
            "pin",
            "split",
            "--shares",
            "3",
            "--threshold",
            "2",
            "--out",
            out.toString(),
            "--pin",
            "file:" + pinFile());
    assertThat(code).as(e.toString()).isZero();
    return o.toString();
  }

  private Path pinFile() throws Exception {
    Path p = dir.resolve("pin");
    if (!Files.exists(p)) {
      Files.writeString(p, PIN + "\n");
    }
    return p;
  }

  private static List<Path> shareFiles(Path out) throws Exception {
    try (var s = Files.list(out)) {
      return s.sorted().toList();
    }
  }

  private static String text(dev.keyceremony.core.Secret s) {
    return s.withChars(String::new);
  }
}
