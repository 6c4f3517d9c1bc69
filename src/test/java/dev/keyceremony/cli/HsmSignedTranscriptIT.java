package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.workflow.HsmTranscriptSigner;
import dev.keyceremony.workflow.TranscriptJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production signer path end to end: a non-extractable P-384 key in the real SoftHSM2 token
 * (IAIK wrapper), {@link HsmTranscriptSigner}, the journal adapter (checkpoint after every entry),
 * then the offline verifier and the stock {@code openssl} binary, before and after a flipped byte.
 */
class HsmSignedTranscriptIT {
  /** A fixed label, found or created once, so repeated runs do not pile up token objects. */
  static final String SIGNER_LABEL = "it-transcript-signer";

  @TempDir Path tmp;

  @Test
  void hsmSignedTranscript_verifiesWithToolAndOpenssl_andAFlippedByteFailsBoth() throws Exception {
    String token = System.getProperty("ceremony.it.token", "ceremony-it");
    Path pinFile =
        Path.of(System.getProperty("ceremony.projectDir", "."), ".softhsm", token + ".user.pin");
    Path bundle = tmp.resolve("bundle");
    String fingerprint;
    try (IaikHsm hsm = IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, token));
        Secret pin = PinSource.parse("file:" + pinFile).read("unused")) {
      HsmSession s = hsm.login(pin);
      SignerKey key = s.findSigner(SIGNER_LABEL).orElseGet(() -> s.createSigner(SIGNER_LABEL));
      HsmTranscriptSigner signer = new HsmTranscriptSigner(s.evidence(), key);
      fingerprint = signer.signerFingerprint();
      try (TranscriptWriter w =
          TranscriptWriter.create(bundle, "it-hsm-transcript", signer, Clock.systemUTC())) {
        TranscriptJournal journal = new TranscriptJournal(w);
        journal.record("ceremony.opened", "tool", Map.of("hsm", "SoftHSM2"));
        journal.record("step.preflight", "operator:it", Map.of("ok", true));
        journal.record("ceremony.sealed", "operator:it", Map.of("outcome", "succeeded"));
      }
    }

    VerificationReport r = TranscriptVerifier.verify(bundle, fingerprint);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(r.warnings()).isEmpty();
    assertThat(openssl(bundle)).isEqualTo("Verified OK\n");

    Path file = bundle.resolve("transcript.jsonl");
    byte[] b = Files.readAllBytes(file);
    b[40] ^= 1;
    Files.write(file, b);
    assertThat(TranscriptVerifier.verify(bundle, fingerprint).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(openssl(bundle)).startsWith("Verification failure");
  }

  private static String openssl(Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    "openssl",
                    "dgst",
                    "-sha384",
                    "-verify",
                    "signer.pem",
                    "-signature",
                    "transcript.sig",
                    "transcript.jsonl"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
