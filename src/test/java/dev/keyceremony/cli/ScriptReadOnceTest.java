package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.transcript.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command reads its script once: the bytes hashed are the bytes parsed, and whether the script is
 * a bulk one is decided from them too. The script is a named pipe that hands out one version of the
 * file per open, so a second read would see another file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScriptReadOnceTest {
  @TempDir Path dir;

  /** Serves {@code versions} through a FIFO, one per open for reading. */
  private static final class ChangingFile implements AutoCloseable {
    final Path fifo;
    final AtomicInteger opens = new AtomicInteger();
    private final int total;
    private final Thread writer;

    ChangingFile(Path fifo, List<String> versions) throws Exception {
      this.fifo = fifo;
      this.total = versions.size();
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
      assertThat(p.waitFor()).isZero();
      writer =
          new Thread(
              () -> {
                for (String v : versions) {
                  try (OutputStream os =
                      Files.newOutputStream(fifo)) { // blocks until a reader opens
                    opens.incrementAndGet();
                    os.write(v.getBytes(StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    return;
                  }
                  try {
                    // Let the reader see end-of-file and close, so the next version is the next
                    // open's
                    // (opened at once, the write end would join the same pipe and append to it).
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      writer.setDaemon(true);
      writer.start();
    }

    @Override
    public void close() throws IOException {
      // Release a writer still waiting to hand out a version, then stop it (it may be sleeping).
      while (opens.get() < total && writer.isAlive()) {
        try (InputStream in = Files.newInputStream(fifo)) {
          in.readAllBytes();
        }
      }
      writer.interrupt();
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String example(String name) throws IOException {
    return Files.readString(
        Path.of(System.getProperty("ceremony.projectDir", "."))
            .resolve("ceremony-scripts")
            .resolve(name),
        StandardCharsets.UTF_8);
  }

  @Test
  void plan_printable_hashesTheBytesItParsed_readOnce() throws Exception {
    String v1 = example("symmetric.yaml");
    String v2 = v1.replace("name: ", "name: changed-") + "\n# a later version\n";
    try (ChangingFile f = new ChangingFile(dir.resolve("script.yaml"), List.of(v1, v2))) {
      Run r = run("plan", "--format", "html", f.fifo.toString());
      int opens = f.opens.get();
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(opens).as("times the script was opened").isEqualTo(1);
      assertThat(r.out())
          .contains(Hashes.sha256Hex(v1.getBytes(StandardCharsets.UTF_8)))
          .doesNotContain("changed-");
    }
  }

  @Test
  void plan_bulk_decidesAndParsesFromOneRead() throws Exception {
    String v1 = example("bulk.yaml");
    String v2 = "not: a bulk script\n";
    try (ChangingFile f = new ChangingFile(dir.resolve("bulk.yaml"), List.of(v1, v2))) {
      Run r = run("plan", f.fifo.toString());
      int opens = f.opens.get();
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(opens).as("times the script was opened").isEqualTo(1);
      assertThat(r.out()).contains("valid, 100 keys (SYMMETRIC_DEFAULT)");
    }
  }

  @Test
  void run_unreadableScript_namesTheFile() {
    Run r = run("run", dir.resolve("missing.yaml").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("missing.yaml").contains("cannot be read (NoSuchFileException)");
  }

  @Test
  void run_bulkScriptNotUtf8_isRefusedBeforeAnythingElse() throws IOException {
    byte[] bytes =
        example("bulk.yaml")
            .replace("tenant data key", "tenant d\u00e4ta key")
            .getBytes(StandardCharsets.ISO_8859_1);
    Path p = dir.resolve("latin1.yaml");
    Files.write(p, bytes);
    Run r = run("run", "--non-interactive", p.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("is not UTF-8 text; save it as UTF-8");
  }
}
