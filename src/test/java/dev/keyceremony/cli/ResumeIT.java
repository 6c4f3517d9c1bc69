package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.hsm.iaik.TestTokenCleaner;
import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.workflow.CeremonyRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * A ceremony survives anything: {@code run} in a separate JVM is killed with SIGKILL at every
 * transcript entry and inside the call that follows each (the local KMS delays every request so the
 * call is in flight), or interrupted with SIGINT at every step; then {@code resume}, also in a
 * separate JVM, must finish it: the key Enabled, exactly one HSM object for the ceremony, one new
 * KMS key, the same KeyMaterialId as any import before the crash, a fully signed transcript. Real
 * SoftHSM2 token, local KMS over real HTTP.
 */
class ResumeIT {
  /** How long the local KMS holds every request when a kill must land inside a call. */
  static final long DELAY_MS = 1500;

  @TempDir static Path dir;
  static LocalKms kms;
  static MutableClock kmsClock = MutableClock.system();

  @BeforeAll
  static void start() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).clock(kmsClock).start();
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  static Path script(String name, String spec) throws IOException {
    String yaml =
        ItCeremony.script(
                kms,
                "  create:\n    spec: " + spec + "\n    alias: alias/" + name + "-{run}",
                "generate: " + name + "-{run}",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D)
            .replace("name: it\n", "name: " + name + "\n")
            .replace(
                "  out: out", "  out: " + dir.resolve("out-" + name + "-" + ItCeremony.uniq()));
    Path f = dir.resolve(name + "-" + ItCeremony.uniq() + ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  static Path bundleIn(Path script) throws IOException {
    String yaml = Files.readString(script);
    String out =
        yaml.substring(yaml.indexOf("  out: ") + 7, yaml.indexOf('\n', yaml.indexOf("  out: ")));
    try (Stream<Path> s = Files.list(Path.of(out))) {
      return s.findFirst().orElseThrow();
    }
  }

  static List<TranscriptEntry> entries(Path bundle) {
    return TranscriptVerifier.verify(bundle).entries();
  }

  static Set<String> keyIds() {
    try (KmsClient sdk = sdk()) {
      Set<String> ids = new HashSet<>();
      sdk.listKeysPaginator(b -> b.limit(1000)).keys().forEach(k -> ids.add(k.keyId()));
      return ids;
    }
  }

  static KmsClient sdk() {
    return CeremonyItFixtureAccess.sdk(kms);
  }

  static KeyMetadata describe(String keyId) {
    try (KmsClient sdk = sdk()) {
      return sdk.describeKey(b -> b.keyId(keyId)).keyMetadata();
    }
  }

  static <T> T withToken(java.util.function.Function<HsmSession, T> f) {
    try (IaikHsm hsm = IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, ItCeremony.token()));
        Secret pin = PinSource.parse("file:" + ItCeremony.pinFile("user")).read("unused");
        HsmSession s = hsm.login(pin)) {
      return f.apply(s);
    }
  }

  static long objectsLabelled(String label) {
    return withToken(
        s -> s.listObjects().stream().map(ObjectInfo::label).filter(label::equals).count());
  }

  static int resume(Path bundle, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("resume", bundle.toString(), "--non-interactive"));
    args.addAll(List.of(extra));
    try (ChildProcess c = ChildProcess.start(List.of(), args.toArray(new String[0]))) {
      int code = c.waitFor(180);
      lastOutput = c.out() + c.err();
      return code;
    }
  }

  static String lastOutput = "";

  /** The checks after a resume; returns null when all hold, else what failed. */
  static String checkFinished(Path bundle, Set<String> keysBefore, String materialIdBefore) {
    VerificationReport v = TranscriptVerifier.verify(bundle);
    if (v.verdict() != Verdict.VALID) {
      return "transcript " + v.summary();
    }
    CeremonyRecord r = CeremonyRecord.of(v.entries());
    if (r.status() != CeremonyRecord.Status.SUCCEEDED) {
      return "status " + r.status() + " " + r.cause();
    }
    Set<String> added = keyIds();
    added.removeAll(keysBefore);
    if (added.size() != 1 || !added.contains(r.keyId())) {
      return "new KMS keys " + added + " (ceremony key " + r.keyId() + ")";
    }
    String state = describe(r.keyId()).keyStateAsString();
    if (!"Enabled".equals(state)) {
      return "key " + r.keyId() + " is " + state;
    }
    long objects = objectsLabelled(r.materialLabel());
    if (objects != 1) {
      return objects + " HSM objects labelled " + r.materialLabel();
    }
    if (materialIdBefore != null && !materialIdBefore.equals(r.keyMaterialId())) {
      return "KeyMaterialId "
          + r.keyMaterialId()
          + " differs from "
          + materialIdBefore
          + " imported before the crash";
    }
    return null;
  }

  /** The KeyMaterialId of an import recorded before the crash, if any. */
  static String importedBefore(Path bundle) {
    for (TranscriptEntry e : entries(bundle)) {
      if (e.type().equals("result")
          && "kms:ImportKeyMaterial".equals(e.data().path("action").asText())
          && "done".equals(e.data().path("status").asText())) {
        return e.data().path("keyMaterialId").asText(null);
      }
    }
    return null;
  }

  @Test
  void sigkillAtEveryEntryAndInsideEveryCall_resumeFinishesEveryTime() throws Exception {
    // A full run first: how many entries a ceremony writes, and that the script works.
    Path reference = script("killref", "SYMMETRIC_DEFAULT");
    int n;
    try (ChildProcess c =
        ChildProcess.start(List.of(), "run", reference.toString(), "--non-interactive")) {
      assertThat(c.waitFor(180)).as(c.out() + c.err()).isZero();
      n = entries(bundleIn(reference)).size();
    }
    List<String> table = new ArrayList<>();
    int ok = 0;
    int points = 0;
    for (int k = 1; k < n; k++) {
      for (boolean insideNextCall : new boolean[] {false, true}) {
        points++;
        Set<String> before = keyIds();
        Path s = script("kill", "SYMMETRIC_DEFAULT");
        String at;
        try (ChildProcess c =
            ChildProcess.start(
                List.of("-Dkeyceremony.test.pauseAfterEntry=" + k),
                "run",
                s.toString(),
                "--non-interactive")) {
          assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
          List<TranscriptEntry> es = entries(bundleIn(s));
          TranscriptEntry last = es.get(es.size() - 1);
          at =
              last.type()
                  + (last.data().has("action") ? " " + last.data().get("action").asText() : "");
          if (insideNextCall) {
            kms.setFaults(new FaultSettings(0, 0, 1, DELAY_MS, 1));
            c.proceed();
            Thread.sleep(DELAY_MS / 3);
          }
          c.sigkill();
        } finally {
          kms.setFaults(FaultSettings.NONE);
        }
        Path bundle = bundleIn(s);
        // Let a request the server still holds finish, as a real KMS would after a crash.
        Thread.sleep(insideNextCall ? DELAY_MS : 0);
        String materialBefore = importedBefore(bundle);
        int code = resume(bundle);
        String problem =
            code != 0
                ? "resume exit " + code + ": " + lastOutput
                : checkFinished(bundle, before, materialBefore);
        List<String> reconciled = new ArrayList<>();
        for (TranscriptEntry e : entries(bundle)) {
          if (e.type().equals("result") && e.data().path("reconciled").asBoolean()) {
            reconciled.add(
                e.data().path("action").asText() + " " + e.data().path("status").asText());
          }
        }
        if (problem == null) {
          ok++;
        }
        table.add(
            String.format(
                "%2d %-8s after %-34s %s%s",
                k,
                insideNextCall ? "in-call" : "boundary",
                at,
                problem == null ? "finished" : "FAILED: " + problem,
                reconciled.isEmpty() ? "" : "; reconciled " + String.join(", ", reconciled)));
      }
    }
    String report =
        "kill points: "
            + points
            + ", finished after resume: "
            + ok
            + "\n"
            + String.join("\n", table)
            + "\n";
    Path target = ItCeremony.projectDir().resolve("target/resume-kill-report.txt");
    Files.createDirectories(target.getParent());
    Files.writeString(target, report, StandardCharsets.UTF_8);
    assertThat(ok).as(report).isEqualTo(points);
  }

  @Test
  void sigintAtEveryStep_recordsInterruptedAndResumeFinishes() throws Exception {
    Path reference = script("intref", "HMAC_256");
    List<Integer> stepEntries = new ArrayList<>();
    try (ChildProcess c =
        ChildProcess.start(List.of(), "run", reference.toString(), "--non-interactive")) {
      assertThat(c.waitFor(180)).as(c.out() + c.err()).isZero();
      List<TranscriptEntry> es = entries(bundleIn(reference));
      for (TranscriptEntry e : es) {
        if (e.type().startsWith("step.") && !e.type().equals("step.prove")) {
          stepEntries.add((int) e.seq());
        }
      }
    }
    assertThat(stepEntries).hasSize(6);
    for (int k : stepEntries) {
      Set<String> before = keyIds();
      Path s = script("int", "HMAC_256");
      try (ChildProcess c =
          ChildProcess.start(
              List.of("-Dkeyceremony.test.pauseAfterEntry=" + k),
              "run",
              s.toString(),
              "--non-interactive")) {
        assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
        c.signal("INT");
        Thread.sleep(300); // the handler runs on its own thread
        c.proceed();
        assertThat(c.waitFor(60)).as("after entry " + k + ": " + c.err()).isEqualTo(130);
        assertThat(c.err()).contains("Stop requested").contains("INTERRUPTED");
      }
      Path bundle = bundleIn(s);
      VerificationReport v = TranscriptVerifier.verify(bundle);
      assertThat(v.verdict()).isEqualTo(Verdict.VALID);
      TranscriptEntry last = v.entries().get(v.entries().size() - 1);
      assertThat(last.type()).isEqualTo("ceremony.interrupted");
      assertThat(last.data().path("resume").asText()).isEqualTo("./ceremony resume " + bundle);
      assertThat(last.data().path("abandon").asText()).isEqualTo("./ceremony abandon " + bundle);
      assertThat(resume(bundle)).as(lastOutput).isZero();
      assertThat(checkFinished(bundle, before, importedBefore(bundle))).isNull();
    }
  }

  @Test
  void importTokenThatExpiresMidCeremony_newParametersNewConfirmationCompletes() throws Exception {
    Path s = script("expiry", "SYMMETRIC_DEFAULT");
    int parameters =
        11; // the step.parameters entry (after opened, preflight, approvals, 2x2, create-key, 2)
    try (ChildProcess c =
        ChildProcess.start(
            List.of("-Dkeyceremony.test.pauseAfterEntry=" + parameters),
            "run",
            s.toString(),
            "--non-interactive")) {
      assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
      assertThat(entries(bundleIn(s)).get(parameters - 1).type()).isEqualTo("step.parameters");
      kmsClock.advance(Duration.ofHours(25)); // the room took a day: the token is stale
      c.proceed();
      assertThat(c.waitFor(120)).as(c.out() + c.err()).isZero();
    } finally {
      kmsClock.advance(Duration.ofHours(-25));
    }
    List<TranscriptEntry> es = entries(bundleIn(s));
    assertThat(es).extracting(TranscriptEntry::type).contains("parameters.expired");
    assertThat(es.stream().filter(e -> e.type().equals("step.parameters"))).hasSize(2);
    TranscriptEntry expired =
        es.stream().filter(e -> e.type().equals("parameters.expired")).findFirst().orElseThrow();
    assertThat(expired.data().path("reason").asText()).contains("ExpiredImportTokenException");
    assertThat(CeremonyRecord.of(es).status()).isEqualTo(CeremonyRecord.Status.SUCCEEDED);
  }

  /** Kills a run after entry {@code k} and returns its bundle. */
  static Path crashAfter(Path s, int k) throws Exception {
    try (ChildProcess c =
        ChildProcess.start(
            List.of("-Dkeyceremony.test.pauseAfterEntry=" + k),
            "run",
            s.toString(),
            "--non-interactive")) {
      assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
      c.sigkill();
    }
    return bundleIn(s);
  }

  @Test
  void abandonAfterCrash_undoesKeyAliasAndHsmObject_thenResumeRefuses() throws Exception {
    Path s = script("aband", "ECC_NIST_P256");
    Path bundle = crashAfter(s, 13); // after the hsm:generate result
    CeremonyRecord r = CeremonyRecord.of(entries(bundle));
    assertThat(r.materialLabel()).isNotNull();
    assertThat(r.imported()).isFalse();
    try (ChildProcess c =
        ChildProcess.start(
            List.of(), "abandon", bundle.toString(), "--yes", "--pending-window-days", "7")) {
      assertThat(c.waitFor(120)).as(c.out() + c.err()).isZero();
    }
    assertThat(describe(r.keyId()).keyStateAsString()).isEqualTo("PendingDeletion");
    try (KmsClient sdk = sdk()) {
      assertThat(sdk.listAliasesPaginator(b -> b.keyId(r.keyId())).aliases()).isEmpty();
    }
    assertThat(objectsLabelled(r.materialLabel())).isZero();
    VerificationReport v = TranscriptVerifier.verify(bundle);
    assertThat(v.verdict()).isEqualTo(Verdict.VALID);
    assertThat(v.entries().get(v.entries().size() - 1).type()).isEqualTo("ceremony.abandoned");
    assertThat(v.entries())
        .filteredOn(e -> e.type().equals("intent"))
        .extracting(e -> e.data().path("action").asText())
        .contains("kms:ScheduleKeyDeletion", "kms:DeleteAlias", "hsm:destroy");
    assertThat(resume(bundle)).isEqualTo(1);
    assertThat(lastOutput).contains("was abandoned");
  }

  @Test
  void abandonAfterTheImport_refusesAndLeavesEverything() throws Exception {
    Path s = script("keep", "HMAC_256");
    List<String> before = new ArrayList<>(keyIds());
    Path bundle = crashAfter(s, 16); // after the kms:ImportKeyMaterial result
    CeremonyRecord r = CeremonyRecord.of(entries(bundle));
    assertThat(r.imported()).isTrue();
    try (ChildProcess c = ChildProcess.start(List.of(), "abandon", bundle.toString(), "--yes")) {
      assertThat(c.waitFor(120)).as(c.out() + c.err()).isEqualTo(1);
      assertThat(c.err())
          .contains("refused: KMS key " + r.keyId())
          .contains("refused: HSM object '" + r.materialLabel() + "'");
    }
    assertThat(describe(r.keyId()).keyStateAsString()).isEqualTo("Enabled");
    assertThat(objectsLabelled(r.materialLabel())).isEqualTo(1);
    assertThat(keyIds()).containsAll(before);
  }

  @Test
  void resumeAndAbandon_refuseBadBundles_touchingNothing() throws Exception {
    // Tampered: one byte of a crashed ceremony's transcript changed.
    Path s = script("tamper", "HMAC_256");
    Path bundle = crashAfter(s, 5);
    CeremonyRecord r = CeremonyRecord.of(entries(bundle));
    Path t = bundle.resolve("transcript.jsonl");
    String text = Files.readString(t);
    Files.writeString(t, text.replaceFirst("carol", "carl"));
    assertThat(resume(bundle)).isEqualTo(4);
    assertThat(lastOutput).contains("does not verify").contains("nothing was touched");
    try (ChildProcess c = ChildProcess.start(List.of(), "abandon", bundle.toString(), "--yes")) {
      assertThat(c.waitFor(60)).isEqualTo(4);
    }
    assertThat(describe(r.keyId()).keyStateAsString()).isEqualTo("PendingImport");
    Files.writeString(t, text);

    // Not a bundle.
    Path empty = Files.createDirectories(dir.resolve("not-a-bundle"));
    assertThat(resume(empty)).isEqualTo(2);
    assertThat(lastOutput).contains("is not a transcript bundle");

    // Completed: says so, changes nothing, exit 0.
    Path done = script("done", "HMAC_256");
    try (ChildProcess c =
        ChildProcess.start(List.of(), "run", done.toString(), "--non-interactive")) {
      assertThat(c.waitFor(180)).isZero();
    }
    Path doneBundle = bundleIn(done);
    long lines = entries(doneBundle).size();
    assertThat(resume(doneBundle)).isZero();
    assertThat(lastOutput).contains("already completed").contains("nothing changed");
    assertThat(entries(doneBundle)).hasSize((int) lines);

    // Another signer: the key labelled as the bundle's signer is no longer the one that signed.
    String label = "it-resume-signer-" + ItCeremony.uniq();
    withToken(x -> x.createSigner(label));
    Path other =
        Files.writeString(
            dir.resolve("other-" + ItCeremony.uniq() + ".yaml"),
            Files.readString(script("other", "HMAC_256"))
                .replace("signer: " + ItCeremony.SIGNER, "signer: " + label));
    Path otherBundle = crashAfter(other, 3);
    withToken(
        x -> {
          TestTokenCleaner.destroyLabelled(x, label);
          return x.createSigner(label);
        });
    assertThat(resume(otherBundle)).isEqualTo(1);
    assertThat(lastOutput).contains("only the ceremony's own signer may continue");
    withToken(x -> TestTokenCleaner.destroyLabelled(x, label));
  }
}
