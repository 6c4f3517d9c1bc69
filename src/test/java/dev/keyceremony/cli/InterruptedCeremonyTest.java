package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.ceremony.Acknowledgement;
import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.FakeHsmSession;
import dev.keyceremony.ceremony.FakeKms;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.ceremony.MutableClock;
import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.workflow.TranscriptJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ceremony cut off mid-way (an Error no step handles, standing in for a killed process, and the
 * writer never closed) leaves a transcript whose every written entry is signed and verifies.
 */
class InterruptedCeremonyTest {
  @TempDir Path dir;

  @Test
  void interruptedDuringFingerprintConfirmation_leavesVerifiableSignedPrefix() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    Files.writeString(dir.resolve("module.so"), "x");
    String yaml =
        new String(
            getClass().getResourceAsStream("golden-script.yaml").readAllBytes(),
            StandardCharsets.UTF_8);
    CeremonyScript s = new ScriptParser(clock, "r").parse(yaml, "golden.yaml", dir);
    ScriptedParticipants scripted = new ScriptedParticipants(s.acknowledgements(), clock);
    Participants cutOff =
        new Participants() {
          @Override
          public String mode() {
            return scripted.mode();
          }

          @Override
          public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
            return scripted.approvals(roles, plan);
          }

          @Override
          public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
            throw new OutOfMemoryError("simulated crash while the witnesses compare");
          }
        };
    Path bundle = dir.resolve("bundle");
    SoftwareTestSigner signer = new SoftwareTestSigner();
    TranscriptWriter w = TranscriptWriter.create(bundle, "interrupted", signer, clock);
    Ceremony c =
        new Ceremony(
            new CeremonyContext(
                s,
                new FakeHsmSession(),
                new FakeKms(clock),
                new TranscriptJournal(w),
                cutOff,
                clock,
                new SecureRandom(),
                p -> null,
                Map.of()));
    assertThatThrownBy(c::run).isInstanceOf(OutOfMemoryError.class);

    VerificationReport v = TranscriptVerifier.verify(bundle, signer.signerFingerprint());
    assertThat(v.isValid()).as(v.summary()).isTrue();
    assertThat(v.entries())
        .extracting(e -> e.type())
        .containsExactly(
            "ceremony.opened",
            "step.preflight",
            "step.approvals",
            "intent",
            "result",
            "intent",
            "result",
            "step.create-key",
            "intent",
            "result");
    assertThat(v.signedLineCount()).isEqualTo(10);
  }
}
