package dev.keyceremony.transcript.bench;

import dev.keyceremony.transcript.Fixtures;
import dev.keyceremony.transcript.SoftwareP384Signer;
import dev.keyceremony.transcript.TranscriptBundle;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Transcript costs, by hand only (see docs/BENCHMARKS.md): appending an entry (canonicalise, write,
 * fsync), a checkpoint (read back, sign, verify, atomic replace, with a software P-384 key), and
 * verifying a 50-entry bundle, intact and with its last line altered (the worst case: every
 * line-boundary prefix is tried).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class TranscriptBench {
  private SoftwareP384Signer signer;
  private Path dir;
  private TranscriptWriter writer;
  private TranscriptBundle intact50;
  private TranscriptBundle lastLineAltered50;

  @Setup(Level.Trial)
  public void bundles() throws IOException {
    signer = SoftwareP384Signer.generate();
    Path fifty = Files.createTempDirectory("bench50");
    Fixtures.writeTranscript(fifty, signer, 50);
    intact50 = TranscriptBundle.read(fifty);
    String s = new String(intact50.transcript(), StandardCharsets.UTF_8);
    byte[] altered = s.replace("\"step\":50", "\"step\":51").getBytes(StandardCharsets.UTF_8);
    lastLineAltered50 = new TranscriptBundle(altered, intact50.signature(), intact50.signerPem());
  }

  @Setup(Level.Iteration)
  public void openWriter() throws IOException {
    dir = Files.createTempDirectory("bench");
    writer = TranscriptWriter.create(dir, "bench", signer, Fixtures.clock());
    writer.append("ceremony.opened", "tool", Map.of());
  }

  @TearDown(Level.Iteration)
  public void closeWriter() {
    writer.close();
  }

  @Benchmark
  public TranscriptEntry append() {
    return writer.append(
        "step.done", "custodian:alice", Map.of("wrappedKeySha256", "ab".repeat(32), "ms", 12));
  }

  @Benchmark
  public TranscriptEntry appendAndCheckpoint() {
    TranscriptEntry e = writer.append("step.done", "custodian:alice", Map.of("ms", 12));
    writer.checkpoint();
    return e;
  }

  @Benchmark
  public VerificationReport verifyIntact50() {
    return TranscriptVerifier.verify(intact50, null);
  }

  @Benchmark
  public VerificationReport verifyLastLineAltered50() {
    return TranscriptVerifier.verify(lastLineAltered50, null);
  }
}
