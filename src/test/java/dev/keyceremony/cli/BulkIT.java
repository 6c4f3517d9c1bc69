package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.workflow.BatchRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Bulk ceremonies against the real SoftHSM2 IT token and a local KMS over real HTTP that enforces
 * AWS's request quotas ({@code --emulate-quotas}): the requests keep to the pace (measured from the
 * {@code sentAt} of every result in the transcript, and no throttling answer from the local KMS),
 * one key made to fail while the others succeed, and a batch killed halfway that {@code resume}
 * finishes without a second key or a second material.
 */
class BulkIT {
  static final int KEYS = 6;

  @TempDir static Path dir;
  static LocalKms kms;

  @BeforeAll
  static void start() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).emulateQuotas(true).start();
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  /** A bulk script of {@code count} keys at AWS's default pace; returns the script file. */
  static Path script(String name, int count, String onFailure) throws IOException {
    String yaml =
        ItCeremony.script(
                kms,
                "  create:\n    spec: SYMMETRIC_DEFAULT\n"
                    + "    alias: alias/"
                    + name
                    + "-{run}-{n}\n    tags: {n: '{n}'}",
                "generate: " + name + "-{run}-{n}",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D)
            .replace(
                "name: it\n",
                "name: "
                    + name
                    + "\nbatch:\n  count: "
                    + count
                    + "\n  on-failure: "
                    + onFailure
                    + "\n")
            .replace(
                "  out: out", "  out: " + dir.resolve("out-" + name + "-" + ItCeremony.uniq()));
    Path f = dir.resolve(name + "-" + ItCeremony.uniq() + ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  static Path bundleIn(Path script) throws IOException {
    String yaml = Files.readString(script);
    int i = yaml.indexOf("  out: ") + 7;
    try (Stream<Path> s = Files.list(Path.of(yaml.substring(i, yaml.indexOf('\n', i))))) {
      return s.findFirst().orElseThrow();
    }
  }

  static Set<String> keyIds() {
    try (KmsClient sdk = CeremonyItFixtureAccess.sdk(kms)) {
      Set<String> ids = new HashSet<>();
      sdk.listKeysPaginator(b -> b.limit(1000)).keys().forEach(k -> ids.add(k.keyId()));
      return ids;
    }
  }

  static String state(String keyId) {
    try (KmsClient sdk = CeremonyItFixtureAccess.sdk(kms)) {
      return sdk.describeKey(b -> b.keyId(keyId)).keyMetadata().keyStateAsString();
    }
  }

  static List<JsonNode> results(List<TranscriptEntry> es, String action) {
    List<JsonNode> l = new ArrayList<>();
    for (TranscriptEntry e : es) {
      if (e.type().equals("result")
          && action.equals(e.data().path("action").asText())
          && e.data().has("sentAt")) {
        l.add(e.data());
      }
    }
    return l;
  }

  static List<Instant> sent(List<TranscriptEntry> es, String action) {
    return results(es, action).stream()
        .map(d -> Instant.parse(d.path("sentAt").asText()))
        .sorted()
        .toList();
  }

  /** Every retry (of any cause) and every throttling answer recorded in the transcript. */
  static List<String> throttles(List<TranscriptEntry> es) {
    List<String> l = new ArrayList<>();
    for (TranscriptEntry e : es) {
      for (JsonNode r : e.data().path("kmsRequests")) {
        for (JsonNode t : r.path("retries")) {
          l.add(r.path("operation").asText() + ":" + t.path("error").asText());
        }
        if (r.path("error").asText().contains("Throttl")) {
          l.add(r.path("operation").asText() + ":" + r.path("error").asText());
        }
      }
    }
    return l;
  }

  static List<JsonNode> keyEntries(List<TranscriptEntry> es) {
    return es.stream()
        .filter(e -> e.type().equals("batch.key"))
        .<JsonNode>map(TranscriptEntry::data)
        .toList();
  }

  static long objectsLabelled(String label) {
    return ResumeIT.withToken(
        s -> s.listObjects().stream().map(ObjectInfo::label).filter(label::equals).count());
  }

  @Test
  void batch_keepsToAwsQuotas_eachKeyProvenAndOneConfirmation() throws Exception {
    Path s = script("bulkpace", KEYS, "continue");
    Set<String> before = keyIds();
    ItCeremony.Cli r = ItCeremony.main("run", s.toString(), "--non-interactive");
    assertThat(r.exit()).as(r.all()).isZero();
    Path bundle = bundleIn(s);
    VerificationReport v = TranscriptVerifier.verify(bundle);
    assertThat(v.verdict()).isEqualTo(Verdict.VALID);
    List<TranscriptEntry> es = v.entries();

    // Paced: consecutive requests of one operation at least 1/quota apart (the local KMS would
    // have throttled any that came closer), and no throttling answer at all.
    assertThat(throttles(es)).isEmpty();
    assertSpacing(sent(es, "kms:GetParametersForImport"), Duration.ofMillis(1000));
    // CreateKey 5/s and ImportKeyMaterial 15/s: AWS's buckets hold a second's worth, so the
    // quota is what any one second may hold.
    assertAtMostPerSecond(sent(es, "kms:CreateKey"), 5);
    assertAtMostPerSecond(sent(es, "kms:ImportKeyMaterial"), 15);
    List<Instant> gp = sent(es, "kms:GetParametersForImport");
    assertThat(gp).hasSize(KEYS);
    double rate = (KEYS - 1) / (Duration.between(gp.get(0), gp.get(KEYS - 1)).toMillis() / 1000.0);
    assertThat(rate)
        .as("GetParametersForImport requests per second")
        .isLessThanOrEqualTo(1.0)
        // Pipelined, not one key after the other (that would be far slower than the quota).
        .isGreaterThan(0.5);

    // One approval, one confirmation listing every fingerprint; a proof and outcome per key.
    assertThat(es.stream().filter(e -> e.type().equals("step.approvals"))).hasSize(1);
    List<TranscriptEntry> conf =
        es.stream().filter(e -> e.type().equals("batch.confirmation")).toList();
    assertThat(conf).hasSize(1);
    JsonNode c = conf.get(0).data();
    assertThat(c.path("fingerprints")).hasSize(KEYS);
    StringBuilder lines = new StringBuilder();
    for (JsonNode f : c.path("fingerprints")) {
      lines
          .append(f.path("key").asInt())
          .append(' ')
          .append(f.path("keyId").asText())
          .append(' ')
          .append(f.path("wrappingKeySpkiSha256").asText())
          .append('\n');
    }
    assertThat(c.path("digestSha256").asText()).isEqualTo(sha256(lines.toString()));
    List<JsonNode> keys = keyEntries(es);
    assertThat(keys)
        .hasSize(KEYS)
        .allSatisfy(
            k -> {
              assertThat(k.path("outcome").asText()).isEqualTo("succeeded");
              assertThat(k.path("proof").path("roundTrip").asBoolean()).isTrue();
              assertThat(state(k.path("keyId").asText())).isEqualTo("Enabled");
              assertThat(objectsLabelled(k.path("hsmObject").path("label").asText())).isEqualTo(1);
            });
    Set<String> added = keyIds();
    added.removeAll(before);
    assertThat(added).hasSize(KEYS);
    // Every side effect behind its intent, every intent with its result.
    assertThat(BatchRecord.of(es).openIntents()).isEmpty();
  }

  @Test
  void oneKeyFails_theOthersSucceed_andTheFailureIsRecordedForThatKey() throws Exception {
    Path s = script("bulkfail", 4, "continue");
    try (ChildProcess c =
        ChildProcess.start(
            List.of("-Dkeyceremony.test.pauseAfterEntry=2"),
            "run",
            s.toString(),
            "--non-interactive")) {
      // Paused after preflight (every alias checked free): take key 3's alias meanwhile.
      assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
      String bundleName = bundleIn(s).getFileName().toString();
      String runId = bundleName.substring("bulkfail-".length());
      try (KmsClient sdk = CeremonyItFixtureAccess.sdk(kms)) {
        String other = sdk.createKey(b -> b.description("squatter")).keyMetadata().keyId();
        sdk.createAlias(b -> b.aliasName("alias/bulkfail-" + runId + "-3").targetKeyId(other));
      }
      c.proceed();
      assertThat(c.waitFor(180)).as(c.out() + c.err()).isEqualTo(1);
      assertThat(c.err())
          .contains("3 of 4 keys succeeded, 1 failed")
          .contains("key 3 create-key: AlreadyExistsException");
    }
    List<TranscriptEntry> es = TranscriptVerifier.verify(bundleIn(s)).entries();
    List<JsonNode> keys = keyEntries(es);
    assertThat(keys).hasSize(4);
    for (JsonNode k : keys) {
      if (k.path("key").asInt() == 3) {
        assertThat(k.path("outcome").asText()).isEqualTo("failed");
        assertThat(k.path("cause").asText()).isEqualTo("AlreadyExistsException");
        assertThat(k.path("retryable").asBoolean()).isFalse();
        assertThat(k.path("exists").toString()).contains(k.path("keyId").asText());
        // Nothing more was done for key 3: no material, no parameters, no import.
        assertThat(state(k.path("keyId").asText())).isEqualTo("PendingImport");
      } else {
        assertThat(k.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(state(k.path("keyId").asText())).isEqualTo("Enabled");
      }
    }
    JsonNode sealed = es.get(es.size() - 1).data();
    assertThat(sealed.path("outcome").asText()).isEqualTo("failed");
    assertThat(sealed.path("succeeded").asInt()).isEqualTo(3);
    assertThat(sealed.path("failed").asInt()).isEqualTo(1);
    assertThat(results(es, "kms:GetParametersForImport")).hasSize(3);
  }

  @Test
  void batchKilledHalfway_resumeFinishesEveryKey_noSecondKeyNoSecondMaterial() throws Exception {
    Path s = script("bulkkill", KEYS, "continue");
    Set<String> before = keyIds();
    int killAt = 5 + KEYS * 11 / 2;
    try (ChildProcess c =
        ChildProcess.start(
            List.of("-Dkeyceremony.test.pauseAfterEntry=" + killAt),
            "run",
            s.toString(),
            "--non-interactive")) {
      assertThat(c.awaitPause(180_000)).as(c.err()).isTrue();
      c.sigkill();
    }
    Path bundle = bundleIn(s);
    List<TranscriptEntry> crashed = TranscriptVerifier.verify(bundle).entries();
    BatchRecord mid = BatchRecord.of(crashed);
    assertThat(mid.unfinished()).as("killed halfway").isPositive();
    Set<String> createdBeforeCrash = new HashSet<>(keyIds());
    createdBeforeCrash.removeAll(before);

    try (ChildProcess c =
        ChildProcess.start(List.of(), "resume", bundle.toString(), "--non-interactive")) {
      assertThat(c.waitFor(240)).as(c.out() + c.err()).isZero();
      assertThat(c.out())
          .contains("Resuming batch")
          .contains(KEYS + " of " + KEYS + " keys succeeded");
    }
    VerificationReport v = TranscriptVerifier.verify(bundle);
    assertThat(v.verdict()).isEqualTo(Verdict.VALID);
    List<TranscriptEntry> es = v.entries();
    BatchRecord done = BatchRecord.of(es);
    assertThat(done.unfinished()).isZero();
    assertThat(done.finished("succeeded")).isEqualTo(KEYS);
    assertThat(done.openIntents()).isEmpty();
    Set<String> added = keyIds();
    added.removeAll(before);
    assertThat(added)
        .as("one KMS key per batch key, none twice")
        .hasSize(KEYS)
        .containsAll(createdBeforeCrash);
    for (int n = 1; n <= KEYS; n++) {
      BatchRecord.KeyState k = done.keys().get(n);
      assertThat(state(k.keyId())).isEqualTo("Enabled");
      assertThat(objectsLabelled(k.materialLabel())).as("key " + n).isEqualTo(1);
      BatchRecord.KeyState m = mid.keys().get(n);
      if (m != null && m.materialLabel() != null) {
        assertThat(k.materialIdHex())
            .as("key " + n + " kept its material")
            .isEqualTo(m.materialIdHex());
      }
    }
    // A second resume: nothing to do.
    try (ChildProcess c =
        ChildProcess.start(List.of(), "resume", bundle.toString(), "--non-interactive")) {
      assertThat(c.waitFor(120)).as(c.out() + c.err()).isZero();
      assertThat(c.out()).contains("nothing to do");
    }
  }

  static void assertSpacing(List<Instant> sent, Duration min) {
    for (int i = 1; i < sent.size(); i++) {
      assertThat(Duration.between(sent.get(i - 1), sent.get(i)))
          .as("requests %d and %d", i, i + 1)
          .isGreaterThanOrEqualTo(min);
    }
  }

  static void assertAtMostPerSecond(List<Instant> sent, int quota) {
    for (int i = 0; i < sent.size(); i++) {
      Instant end = sent.get(i).plusSeconds(1);
      long inWindow =
          sent.stream()
              .filter(
                  t ->
                      !t.isBefore(sent.get(0))
                          && !t.isBefore(end.minusSeconds(1))
                          && t.isBefore(end))
              .count();
      assertThat(inWindow)
          .as("requests in the second from request %d", i + 1)
          .isLessThanOrEqualTo(quota);
    }
  }

  static String sha256(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
