package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Beyond single bit flips: truncation at any offset, a byte inserted or deleted anywhere. None of
 * them may verify, and every failure names a line.
 */
class TamperPropertiesTest {
  private static TranscriptBundle good;

  @BeforeContainer
  static void bundle() throws Exception {
    Path dir = Files.createTempDirectory("tamper");
    Fixtures.writeTranscript(dir, SoftwareP384Signer.generate(), 3);
    good = TranscriptBundle.read(dir);
  }

  @Property(tries = 60)
  void truncatedAnywhere_neverVerifies(@ForAll("offset") int cut) {
    assertFailsNamingALine(Arrays.copyOf(good.transcript(), cut % good.transcript().length));
  }

  @Property(tries = 60)
  void byteInsertedAnywhere_neverVerifies(@ForAll("offset") int at, @ForAll byte b) {
    byte[] f = good.transcript();
    int pos = at % (f.length + 1);
    byte[] t = new byte[f.length + 1];
    System.arraycopy(f, 0, t, 0, pos);
    t[pos] = b;
    System.arraycopy(f, pos, t, pos + 1, f.length - pos);
    assertFailsNamingALine(t);
  }

  @Property(tries = 60)
  void byteDeletedAnywhere_neverVerifies(@ForAll("offset") int at) {
    byte[] f = good.transcript();
    int pos = at % f.length;
    byte[] t = new byte[f.length - 1];
    System.arraycopy(f, 0, t, 0, pos);
    System.arraycopy(f, pos + 1, t, pos, f.length - pos - 1);
    assertFailsNamingALine(t);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> offset() {
    return net.jqwik.api.Arbitraries.integers().between(0, Integer.MAX_VALUE);
  }

  private static void assertFailsNamingALine(byte[] transcript) {
    VerificationReport r =
        TranscriptVerifier.verify(
            new TranscriptBundle(transcript, good.signature(), good.signerPem()), null);
    assertThat(r.verdict()).as(r.summary()).isNotEqualTo(Verdict.VALID);
    Finding named =
        r.verdict() == Verdict.INVALID ? r.firstProblem().orElseThrow() : r.warnings().get(0);
    assertThat(named.line() > 0 || transcript.length == 0).as(named.toString()).isTrue();
  }
}
