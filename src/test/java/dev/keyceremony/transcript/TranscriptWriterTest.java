package dev.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptWriterTest {
  private static SoftwareP384Signer signer;

  @TempDir Path tmp;

  @BeforeAll
  static void key() {
    signer = SoftwareP384Signer.generate();
  }

  @Test
  void append_buildsCanonicalHashChain_seqFromOne_prevOfFirstIsZeros() throws Exception {
    Path dir = tmp.resolve("bundle");
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-1", signer, Fixtures.clock())) {
      TranscriptEntry e1 = w.append("ceremony.opened", "tool", Map.of());
      TranscriptEntry e2 = w.append("step.done", "custodian:alice", Map.of("n", 2));
      assertThat(e1.seq()).isEqualTo(1);
      assertThat(e1.prev()).isEqualTo("0".repeat(64));
      assertThat(e2.prev()).isEqualTo(e1.sha256());
    }
    byte[] file = Files.readAllBytes(dir.resolve("transcript.jsonl"));
    List<String> lines =
        Files.readAllLines(dir.resolve("transcript.jsonl"), StandardCharsets.UTF_8);
    assertThat(file[file.length - 1]).isEqualTo((byte) '\n');
    assertThat(lines).hasSize(2);
    String line1 = lines.get(0);
    assertThat(CanonicalJson.isCanonical(line1.getBytes(StandardCharsets.UTF_8))).isTrue();
    JsonNode l2 = CanonicalJson.parseStrict(lines.get(1));
    assertThat(l2.get("prev").textValue())
        .isEqualTo(Hashes.sha256Hex(line1.getBytes(StandardCharsets.UTF_8)));
    assertThat(l2.get("seq").longValue()).isEqualTo(2);
    assertThat(l2.get("time").textValue()).isEqualTo("2026-01-15T09:30:01.625Z");
    assertThat(l2.get("ceremony").textValue()).isEqualTo("c-1");
  }

  @Test
  void append_firstEntry_carriesSignerFingerprintMergedWithCallerData() throws Exception {
    Path dir = tmp.resolve("b");
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-1", signer, Fixtures.clock())) {
      TranscriptEntry e = w.append("ceremony.opened", "tool", Map.of("hsm", "softhsm"));
      assertThat(e.data().get("hsm").textValue()).isEqualTo("softhsm");
      assertThat(e.data().at("/signer/fingerprintSha256").textValue())
          .isEqualTo(signer.signerFingerprint());
      assertThat(e.data().at("/signer/algorithm").textValue()).isEqualTo("ECDSA P-384 SHA-384");
      assertThat(e.data().get("transcriptFormat").textValue()).isEqualTo(TranscriptWriter.FORMAT);
      TranscriptEntry second = w.append("step.done", "tool", Map.of());
      assertThat(second.data().has("signer")).isFalse();
    }
    assertThat(signer.signerFingerprint()).isEqualTo(Hashes.sha256Hex(signer.publicKeySpki()));
  }

  @Test
  void append_reservedSignerKeyOnFirstEntry_refused() {
    try (TranscriptWriter w =
        TranscriptWriter.create(tmp.resolve("b"), "c-1", signer, Fixtures.clock())) {
      assertThatThrownBy(() -> w.append("ceremony.opened", "tool", Map.of("signer", "me")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("data.signer is reserved on the first entry");
    }
  }

  @Test
  void append_bytesInData_refusedAndNothingWritten() throws Exception {
    Path dir = tmp.resolve("b");
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-1", signer, Fixtures.clock())) {
      assertThatThrownBy(() -> w.append("ceremony.opened", "tool", Map.of("key", new byte[16])))
          .hasMessageContaining("data.key: byte[] is not allowed");
      assertThat(w.entryCount()).isZero();
    }
    assertThat(Files.size(dir.resolve("transcript.jsonl"))).isZero();
  }

  @Test
  void append_badTypeOrActor_refusedWithAllowedForm() {
    try (TranscriptWriter w =
        TranscriptWriter.create(tmp.resolve("b"), "c-1", signer, Fixtures.clock())) {
      assertThatThrownBy(() -> w.append("Ceremony opened!", "tool", Map.of()))
          .hasMessageContaining("type 'Ceremony opened!' is not allowed: use dotted words");
      assertThatThrownBy(() -> w.append("ceremony.opened", " alice", Map.of()))
          .hasMessageContaining("actor ' alice' is not allowed");
    }
  }

  @Test
  void create_badCeremonyId_refused() {
    assertThatThrownBy(
            () ->
                TranscriptWriter.create(tmp.resolve("b"), "my ceremony", signer, Fixtures.clock()))
        .hasMessageContaining("ceremony id 'my ceremony' is not allowed");
  }

  @Test
  void create_existingBundle_refusedAndNothingOverwritten() throws Exception {
    Path dir = tmp.resolve("b");
    Fixtures.writeTranscript(dir, signer, 2);
    byte[] before = Files.readAllBytes(dir.resolve("transcript.jsonl"));
    assertThatThrownBy(() -> TranscriptWriter.create(dir, "c-2", signer, Fixtures.clock()))
        .isInstanceOf(TranscriptException.class)
        .hasMessageContaining("already holds a transcript bundle (transcript.jsonl exists)")
        .hasMessageContaining("never overwritten");
    assertThat(Files.readAllBytes(dir.resolve("transcript.jsonl"))).isEqualTo(before);
  }

  @Test
  void create_writesSignerPemAsPublicKey() throws Exception {
    Path dir = tmp.resolve("b");
    TranscriptWriter.create(dir, "c-1", signer, Fixtures.clock()).close();
    String pem = Files.readString(dir.resolve("signer.pem"), StandardCharsets.US_ASCII);
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    assertThat(SignerKeys.spkiFromPem(pem)).isEqualTo(signer.publicKeySpki());
  }

  @Test
  void create_nonP384Signer_refused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    SoftwareP384Signer p256 = new SoftwareP384Signer(g.generateKeyPair());
    assertThatThrownBy(
            () -> TranscriptWriter.create(tmp.resolve("b"), "c-1", p256, Fixtures.clock()))
        .hasMessageContaining("is not an EC P-384 (secp384r1) public key");
  }

  @Test
  void checkpoint_signsExactBytesSoFar_andSkipsWhenNothingNew() throws Exception {
    SoftwareP384Signer counting = SoftwareP384Signer.generate();
    Path dir = tmp.resolve("b");
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-1", counting, Fixtures.clock())) {
      w.checkpoint(); // nothing written yet: nothing to sign
      assertThat(dir.resolve("transcript.sig")).doesNotExist();
      w.append("ceremony.opened", "tool", Map.of());
      w.checkpoint();
      byte[] signedBytes = Files.readAllBytes(dir.resolve("transcript.jsonl"));
      assertThat(
              SignerKeys.verify(
                  SignerKeys.p384PublicKey(counting.publicKeySpki()),
                  signedBytes,
                  Files.readAllBytes(dir.resolve("transcript.sig"))))
          .isTrue();
      w.checkpoint();
      assertThat(counting.signatures.get()).isEqualTo(1);
    }
    assertThat(counting.signatures.get()).isEqualTo(1); // close had nothing new to sign
    assertThat(dir.resolve("transcript.sig.tmp")).doesNotExist();
  }

  @Test
  void checkpoint_signerReturningBadSignature_refusedAndOldSignatureKept() throws Exception {
    Path dir = tmp.resolve("b");
    TranscriptSigner liar =
        new TranscriptSigner() {
          @Override
          public byte[] publicKeySpki() {
            return signer.publicKeySpki();
          }

          @Override
          public byte[] sign(byte[] data) {
            return signer.sign("something else".getBytes(StandardCharsets.UTF_8));
          }
        };
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-1", liar, Fixtures.clock())) {
      w.append("ceremony.opened", "tool", Map.of());
      assertThatThrownBy(w::checkpoint)
          .isInstanceOf(TranscriptException.class)
          .hasMessageContaining("does not verify under its own public key");
      assertThat(dir.resolve("transcript.sig")).doesNotExist();
    } catch (TranscriptException expectedOnClose) {
      assertThat(expectedOnClose).hasMessageContaining("does not verify");
    }
  }

  @Test
  void close_isIdempotent_andAppendAfterCloseRefused() {
    TranscriptWriter w = TranscriptWriter.create(tmp.resolve("b"), "c-1", signer, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    w.close();
    w.close();
    assertThatThrownBy(() -> w.append("step.done", "tool", Map.of()))
        .hasMessageContaining("is closed");
  }

  @Test
  void create_whileAnotherWriterHoldsTheBundle_refused() {
    Path dir = tmp.resolve("b");
    try (TranscriptWriter w = TranscriptWriter.create(dir, "c-1", signer, Fixtures.clock())) {
      w.append("ceremony.opened", "tool", Map.of());
      w.checkpoint();
      assertThatThrownBy(() -> TranscriptWriter.resume(dir, signer, Fixtures.clock()))
          .isInstanceOf(TranscriptException.class)
          .hasMessageContaining("another process is writing the transcript");
    }
  }

  @Test
  void resume_continuesTheChainAndSignsTheWhole() throws Exception {
    Path dir = tmp.resolve("b");
    Fixtures.writeTranscript(dir, signer, 3);
    try (TranscriptWriter w = TranscriptWriter.resume(dir, signer, Fixtures.clock())) {
      assertThat(w.ceremonyId()).isEqualTo("ceremony-2026-01-15");
      TranscriptEntry e = w.append("ceremony.resumed", "tool", Map.of());
      assertThat(e.seq()).isEqualTo(4);
    }
    VerificationReport r = TranscriptVerifier.verify(dir);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(r.lineCount()).isEqualTo(4);
  }

  @Test
  void resume_withAnotherSigner_refused() {
    Path dir = tmp.resolve("b");
    Fixtures.writeTranscript(dir, signer, 2);
    assertThatThrownBy(
            () -> TranscriptWriter.resume(dir, SoftwareP384Signer.generate(), Fixtures.clock()))
        .isInstanceOf(TranscriptException.class)
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("not the expected");
  }

  @Test
  void appendUnsigned_toPendingTranscript_onlyForItsPendingSigner_thenResumeSignsAll()
      throws Exception {
    Path dir = tmp.resolve("pending");
    String fp = signer.signerFingerprint();
    try (TranscriptWriter w =
        TranscriptWriter.createPending(dir, "c-p", fp, "offline signer", Fixtures.clock())) {
      w.append("ceremony.opened", "tool", Map.of());
    }
    String other = "ab".repeat(32);
    assertThatThrownBy(() -> TranscriptWriter.appendUnsigned(dir, other, Fixtures.clock()))
        .isInstanceOf(TranscriptException.class)
        .hasMessageContaining("cannot append");
    try (TranscriptWriter w = TranscriptWriter.appendUnsigned(dir, fp, Fixtures.clock())) {
      w.append("phase.started", "tool", Map.of("phase", "prepare", "refresh", true));
    }
    VerificationReport r = TranscriptVerifier.verify(dir);
    assertThat(r.verdict()).isEqualTo(Verdict.UNSIGNED);
    assertThat(r.entries()).hasSize(2);
    assertThat(dir.resolve("transcript.sig")).doesNotExist();
    try (TranscriptWriter w = TranscriptWriter.resume(dir, signer, Fixtures.clock())) {
      w.append("step.done", "tool", Map.of());
    }
    assertThat(TranscriptVerifier.verify(dir, fp).verdict()).isEqualTo(Verdict.VALID);
  }
}
