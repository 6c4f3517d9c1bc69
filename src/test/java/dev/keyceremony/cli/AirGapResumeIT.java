package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An air-gapped phase killed (SIGKILL, separate JVM) between an intent and its result, then run
 * again with the same command: it reconciles the open intent with the HSM or KMS first, so it never
 * generates a second material and never imports twice, and the ceremony seals. Uses AirGapIT's rig
 * (local KMS over HTTP, SoftHSM2 token, pinned signer).
 */
class AirGapResumeIT {
  static final long DELAY_MS = 1500;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    AirGapIT.dir = tmp;
    AirGapIT.start();
  }

  @AfterAll
  static void stop() {
    AirGapIT.stop();
  }

  static List<TranscriptEntry> entries(Path b) {
    return TranscriptVerifier.verify(b).entries();
  }

  static long count(Path b, String type, String action) {
    return entries(b).stream()
        .filter(e -> e.type().equals(type) && action.equals(e.data().path("action").asText()))
        .count();
  }

  static String lastAction(Path b) {
    List<TranscriptEntry> es = entries(b);
    TranscriptEntry e = es.get(es.size() - 1);
    return e.type() + " " + e.data().path("action").asText();
  }

  static long objects(String label) {
    return AirGapIT.withToken(
        s -> s.listObjects().stream().filter(o -> o.label().equals(label)).count());
  }

  static String[] wrapArgs(AirGapIT.Prepared p) {
    return new String[] {
      "wrap",
      p.bundle().toString(),
      "--non-interactive",
      "--wrapping-key-fingerprint",
      p.fingerprintWords(),
      "--prepare-digest",
      p.digestHex()
    };
  }

  @Test
  void wrapKilledAfterTheGenerateIntent_runAgain_reconciledOneMaterial_sealed() throws Exception {
    Path script = AirGapIT.script("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D);
    String label = script.getFileName().toString().replace(".yaml", "");
    AirGapIT.Prepared p = AirGapIT.prepare(script);
    Path b = p.bundle();
    // wrap's entries: step.witness-check, step.preflight, intent hsm:generate, result, ...
    try (ChildProcess c =
        ChildProcess.start(List.of("-Dkeyceremony.test.pauseAfterEntry=3"), wrapArgs(p))) {
      assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
      assertThat(lastAction(b)).isEqualTo("intent hsm:generate");
      c.sigkill();
    }
    assertThat(objects(label)).isZero();
    // resume does not carry an air-gapped ceremony on; it names the phase command.
    byte[] before = java.nio.file.Files.readAllBytes(b.resolve("transcript.jsonl"));
    ItCeremony.Cli resume = ItCeremony.main("resume", b.toString(), "--non-interactive");
    assertThat(resume.exit()).as(resume.all()).isEqualTo(2);
    assertThat(resume.err())
        .contains("air-gapped ceremony")
        .contains("waits for phase wrap")
        .contains("The last run of phase wrap did not complete")
        .contains("open intents: 1")
        .contains("./ceremony wrap " + b + " on the OFFLINE machine");
    assertThat(java.nio.file.Files.readAllBytes(b.resolve("transcript.jsonl"))).isEqualTo(before);
    ItCeremony.Cli again = AirGapIT.offline(wrapArgs(p));
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("reconciled hsm:generate: not-done");
    assertThat(objects(label)).isEqualTo(1);
    // Killed after the result: the material is found, not generated again.
    AirGapIT.Prepared p2 =
        AirGapIT.prepare(AirGapIT.script("HMAC_256", "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D));
    try (ChildProcess c =
        ChildProcess.start(List.of("-Dkeyceremony.test.pauseAfterEntry=4"), wrapArgs(p2))) {
      assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
      assertThat(lastAction(p2.bundle())).isEqualTo("result hsm:generate");
      c.sigkill();
    }
    ItCeremony.Cli w2 = AirGapIT.offline(wrapArgs(p2));
    assertThat(w2.exit()).as(w2.all()).isZero();
    assertThat(count(p2.bundle(), "intent", "hsm:generate")).isEqualTo(1);

    ItCeremony.Cli i = ItCeremony.main("import", b.toString());
    assertThat(i.exit()).as(i.all()).isZero();
    ItCeremony.Cli s = AirGapIT.offline("seal", b.toString());
    assertThat(s.exit()).as(s.all()).isZero();
    VerificationReport r = TranscriptVerifier.verify(b, AirGapIT.pin);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(count(b, "intent", "hsm:generate")).isEqualTo(2); // the killed one and the new one
    assertThat(count(b, "result", "hsm:generate")).isEqualTo(2); // reconciled + done
    assertThat(objects(label)).isEqualTo(1);
  }

  @Test
  void importKilledInsideImportKeyMaterial_runAgain_reconciledNotRepeated_sealed()
      throws Exception {
    AirGapIT.Prepared p =
        AirGapIT.prepare(
            AirGapIT.script("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D));
    Path b = p.bundle();
    assertThat(AirGapIT.wrap(p).exit()).isZero();
    String keyId =
        entries(b).stream()
            .filter(e -> e.type().equals("step.parameters"))
            .findFirst()
            .orElseThrow()
            .data()
            .path("keyId")
            .asText();
    // import's first entry is the intent kms:ImportKeyMaterial; the call is then held by the
    // local KMS and the process killed inside it; KMS completes it after the crash.
    try (ChildProcess c =
        ChildProcess.start(
            List.of("-Dkeyceremony.test.pauseAfterEntry=1"), "import", b.toString())) {
      assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
      assertThat(lastAction(b)).isEqualTo("intent kms:ImportKeyMaterial");
      AirGapIT.kms.setFaults(new FaultSettings(0, 0, 1, DELAY_MS, 1));
      c.proceed();
      Thread.sleep(DELAY_MS / 3);
      c.sigkill();
    } finally {
      AirGapIT.kms.setFaults(FaultSettings.NONE);
    }
    Thread.sleep(DELAY_MS);
    assertThat(keyState(keyId)).isEqualTo("Enabled"); // it happened; the transcript does not say
    assertThat(count(b, "result", "kms:ImportKeyMaterial")).isZero();

    ItCeremony.Cli again = ItCeremony.main("import", b.toString());
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("reconciled kms:ImportKeyMaterial: done");
    assertThat(count(b, "intent", "kms:ImportKeyMaterial")).isEqualTo(1); // never twice
    TranscriptEntry imported =
        entries(b).stream().filter(e -> e.type().equals("step.import")).findFirst().orElseThrow();
    assertThat(imported.data().path("earlierImport").path("intent").asLong()).isPositive();

    ItCeremony.Cli waits = ItCeremony.main("resume", b.toString(), "--non-interactive");
    assertThat(waits.exit()).as(waits.all()).isEqualTo(2);
    assertThat(waits.err())
        .contains("waits for phase seal")
        .contains("./ceremony seal " + b)
        .doesNotContain("did not complete");
    ItCeremony.Cli s = AirGapIT.offline("seal", b.toString());
    assertThat(s.exit()).as(s.all()).isZero();
    VerificationReport r = TranscriptVerifier.verify(b, AirGapIT.pin);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    ItCeremony.Cli sealed = ItCeremony.main("resume", b.toString(), "--non-interactive");
    assertThat(sealed.exit()).as(sealed.all()).isZero();
    assertThat(sealed.out()).contains("already completed");
  }

  static String keyState(String keyId) {
    var c = AirGapIT.kms.defaultCredentials();
    try (var sdk =
        software.amazon.awssdk.services.kms.KmsClient.builder()
            .endpointOverride(AirGapIT.kms.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        c.accessKeyId(), c.secretAccessKey())))
            .build()) {
      return sdk.describeKey(x -> x.keyId(keyId)).keyMetadata().keyStateAsString();
    }
  }
}
