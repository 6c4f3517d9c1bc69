package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.Verdict;
import dev.keyceremony.transcript.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four phases of an air-gapped ceremony: prepare and import in-process against the local KMS
 * over real HTTP; wrap and seal in a separate JVM inside a network namespace with no network
 * ({@code unshare -n}: not even loopback is up, so the local KMS on 127.0.0.1 is out of reach), on
 * the real SoftHSM2 token.
 */
class AirGapIT {
  @TempDir static Path dir;
  static LocalKms kms;
  static MutableClock kmsClock = MutableClock.system();
  static String pin;

  @BeforeAll
  static void start() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).clock(kmsClock).start();
    pin =
        withToken(
            s ->
                Fingerprint.sha256Hex(
                    s.evidence()
                        .signerPublicKeySpki(s.findSigner(ItCeremony.SIGNER).orElseThrow())));
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  static <T> T withToken(java.util.function.Function<HsmSession, T> f) {
    try (IaikHsm hsm = IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, ItCeremony.token()));
        Secret p = PinSource.parse("file:" + ItCeremony.pinFile("user")).read("unused");
        HsmSession s = hsm.login(p)) {
      return f.apply(s);
    }
  }

  static Path script(String spec, String algorithm, String expiration) throws IOException {
    String name = "ag-" + ItCeremony.uniq();
    String yaml =
        ItCeremony.script(
                kms,
                "  create:\n    spec: " + spec + "\n    alias: alias/" + name,
                "generate: " + name,
                algorithm,
                "RSA_2048",
                expiration)
            .replace("name: it\n", "name: " + name + "\n")
            .replace("  out: out", "  out: " + dir.resolve("out-" + name))
            .replace(
                "  signer: " + ItCeremony.SIGNER,
                "  signer: " + ItCeremony.SIGNER + "\n  signer-fingerprint: " + pin);
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** prepare: returns the bundle and the values the witnesses write down. */
  record Prepared(Path bundle, String fingerprintWords, String digestHex) {}

  static Prepared prepare(Path script) throws IOException {
    ItCeremony.Cli c = ItCeremony.main("prepare", script.toString(), "--non-interactive");
    assertThat(c.exit()).as(c.all()).isZero();
    return written(c.bundle(), c);
  }

  /** The values a prepare (or prepare --refresh) told the witnesses to write down. */
  static Prepared written(Path bundle, ItCeremony.Cli c) {
    List<String> words = new ArrayList<>();
    List<String> hex = new ArrayList<>();
    String[] lines = c.out().split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("words: ")) {
        words.add(lines[i].substring(7));
        hex.add(lines[i - 2].replace(" ", "") + lines[i - 1].replace(" ", ""));
      }
    }
    assertThat(words).as(c.all()).hasSize(2);
    return new Prepared(bundle, words.get(0), hex.get(1));
  }

  /** A phase in a separate JVM inside a network namespace without network. */
  static ItCeremony.Cli offline(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "unshare",
                "-n",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.keyceremony.cli.Main"));
    cmd.addAll(List.of(args));
    Path o = Files.createTempFile(dir, "out", ".txt");
    Path e = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new ItCeremony.Cli(p.exitValue(), Files.readString(o), Files.readString(e));
  }

  static ItCeremony.Cli wrap(Prepared p) throws Exception {
    return offline(
        "wrap",
        p.bundle().toString(),
        "--non-interactive",
        "--wrapping-key-fingerprint",
        p.fingerprintWords(),
        "--prepare-digest",
        p.digestHex());
  }

  static List<String> types(Path bundle) {
    return TranscriptVerifier.verify(bundle).entries().stream().map(TranscriptEntry::type).toList();
  }

  @ParameterizedTest
  @CsvSource({
    "SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1",
    "HMAC_256, RSAES_OAEP_SHA_1",
    "ECC_NIST_P256, RSA_AES_KEY_WRAP_SHA_1",
    "RSA_2048, RSA_AES_KEY_WRAP_SHA_1"
  })
  void fourPhases_offlinePhasesWithoutNetwork_sealedAndVerifiedByOpenssl(
      String spec, String algorithm) throws Exception {
    Prepared p = prepare(script(spec, algorithm, ItCeremony.EXPIRES_30D));
    Path b = p.bundle();
    assertThat(TranscriptVerifier.verify(b).verdict()).isEqualTo(Verdict.UNSIGNED);
    assertThat(b.resolve("WrappingPublicKey.der")).exists();
    assertThat(b.resolve("ImportToken.bin")).exists();
    assertThat(b.resolve("signer.pem")).doesNotExist();

    ItCeremony.Cli w = wrap(p);
    assertThat(w.exit()).as(w.all()).isZero();
    assertThat(b.resolve("EncryptedKeyMaterial.bin")).exists();
    assertThat(TranscriptVerifier.verify(b, pin).verdict()).isEqualTo(Verdict.VALID);

    ItCeremony.Cli i = ItCeremony.main("import", b.toString());
    assertThat(i.exit()).as(i.all()).isZero();
    assertThat(TranscriptVerifier.verify(b, pin).verdict()).isEqualTo(Verdict.UNSIGNED_TAIL);

    ItCeremony.Cli s = offline("seal", b.toString());
    assertThat(s.exit()).as(s.all()).isZero();
    VerificationReport r = TranscriptVerifier.verify(b, pin);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    TranscriptEntry last = r.entries().get(r.entries().size() - 1);
    assertThat(last.type()).isEqualTo("ceremony.sealed");
    assertThat(last.data().path("outcome").asText()).isEqualTo("succeeded");
    assertThat(types(b))
        .containsSubsequence(
            "ceremony.opened",
            "step.parameters",
            "phase.completed",
            "step.witness-check",
            "step.wrap",
            "step.hsm-proofs",
            "phase.completed",
            "step.import",
            "step.kms-proofs",
            "phase.completed",
            "step.prove",
            "ceremony.sealed");
    Process o =
        new ProcessBuilder(
                "openssl",
                "dgst",
                "-sha384",
                "-verify",
                b.resolve("signer.pem").toString(),
                "-signature",
                b.resolve("transcript.sig").toString(),
                b.resolve("transcript.jsonl").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(o.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(o.waitFor()).as(out).isZero();
    assertThat(out).contains("Verified OK");
  }

  @Test
  void prepareAndImport_withEndpointUrl_overrideTheScriptsKms_andRecordIt() throws Exception {
    Path script = script("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D);
    String ep = kms.endpoint().toString();
    // The script names a port nothing listens on; only the options reach the local KMS.
    Files.writeString(
        script,
        Files.readString(script).replace("  endpoint: " + ep, "  endpoint: http://127.0.0.1:1"));
    ItCeremony.Cli c =
        ItCeremony.main("prepare", script.toString(), "--non-interactive", "--endpoint-url", ep);
    assertThat(c.exit()).as(c.all()).isZero();
    Prepared p = written(c.bundle(), c);
    assertThat(wrap(p).exit()).isZero();
    ItCeremony.Cli i = ItCeremony.main("import", p.bundle().toString(), "--endpoint-url", ep);
    assertThat(i.exit()).as(i.all()).isZero();
    List<TranscriptEntry> entries = TranscriptVerifier.verify(p.bundle()).entries();
    var opened = entries.get(0).data().path("kmsOverride");
    assertThat(opened.path("script").asText()).contains("http://127.0.0.1:1");
    assertThat(opened.path("used").asText()).contains(ep);
    var importStarted =
        entries.stream()
            .filter(
                e ->
                    e.type().equals("phase.started")
                        && e.data().path("phase").asText().equals("import"))
            .findFirst()
            .orElseThrow();
    assertThat(
            importStarted
                .data()
                .path("kmsOverride")
                .path("options")
                .path("--endpoint-url")
                .asText())
        .isEqualTo(ep);
  }

  @Test
  void offlinePhase_inNetworkNamespace_cannotReachTheLocalKms() throws Exception {
    // The premise of the test above: inside unshare -n, 127.0.0.1 of the test JVM is unreachable.
    ItCeremony.Cli c =
        offline(
            "kms",
            "list-keys",
            "--endpoint-url",
            kms.endpoint().toString(),
            "--region",
            "us-east-1");
    assertThat(c.exit()).as(c.all()).isNotZero();
  }

  @Test
  void wrapOutput_importedWithAwsCliV2_theSeedCommandWithEndpoint() throws Exception {
    Prepared p = prepare(script("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D));
    assertThat(wrap(p).exit()).isZero();
    String keyId =
        TranscriptVerifier.verify(p.bundle()).entries().stream()
            .filter(e -> e.type().equals("step.parameters"))
            .findFirst()
            .orElseThrow()
            .data()
            .path("keyId")
            .asText();
    String validTo =
        java.time.Instant.now()
            .plus(Duration.ofDays(30))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();
    var creds = kms.defaultCredentials();
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/bin/aws",
                "kms",
                "import-key-material",
                "--key-id",
                keyId,
                "--encrypted-key-material",
                "fileb://EncryptedKeyMaterial.bin",
                "--import-token",
                "fileb://ImportToken.bin",
                "--expiration-model",
                "KEY_MATERIAL_EXPIRES",
                "--valid-to",
                validTo,
                "--endpoint-url",
                kms.endpoint().toString())
            .directory(p.bundle().toFile())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", creds.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", creds.secretAccessKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process aws = pb.start();
    String out = new String(aws.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(aws.waitFor()).as(out).isZero();
    var c = kms.defaultCredentials();
    try (var sdk =
        software.amazon.awssdk.services.kms.KmsClient.builder()
            .endpointOverride(kms.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        c.accessKeyId(), c.secretAccessKey())))
            .build()) {
      assertThat(sdk.describeKey(x -> x.keyId(keyId)).keyMetadata().keyStateAsString())
          .isEqualTo("Enabled");
    }
  }

  @Test
  void tamperedFiles_wrongPhase_mismatch_expired_refusedWithNothingChanged() throws Exception {
    Prepared p = prepare(script("HMAC_256", "RSAES_OAEP_SHA_1", ItCeremony.EXPIRES_30D));
    Path b = p.bundle();
    // Wrong phase order: import and seal on a bundle that waits for wrap.
    for (String phase : List.of("import", "seal")) {
      byte[] before = Files.readAllBytes(b.resolve("transcript.jsonl"));
      ItCeremony.Cli c = ItCeremony.main(phase, b.toString());
      assertThat(c.exit()).isEqualTo(2);
      assertThat(c.err())
          .contains("waits for phase wrap, not " + phase)
          .contains("./ceremony" + " wrap " + b);
      assertThat(Files.readAllBytes(b.resolve("transcript.jsonl"))).isEqualTo(before);
    }
    // Tampering with each file between prepare and wrap.
    for (String f :
        List.of("WrappingPublicKey.der", "ImportToken.bin", "script.yaml", "transcript.jsonl")) {
      Path copy = dir.resolve("copy-" + ItCeremony.uniq());
      copyDir(b, copy);
      byte[] bytes = Files.readAllBytes(copy.resolve(f));
      bytes[bytes.length - 2] ^= 0x01;
      Files.write(copy.resolve(f), bytes);
      ItCeremony.Cli c = wrap(new Prepared(copy, p.fingerprintWords(), p.digestHex()));
      assertThat(c.exit()).as(f + ": " + c.all()).isEqualTo(4);
      assertThat(copy.resolve("signer.pem")).as(f).doesNotExist();
    }
    // An added file.
    Path added = dir.resolve("copy-" + ItCeremony.uniq());
    copyDir(b, added);
    Files.writeString(added.resolve("notes.txt"), "x");
    assertThat(wrap(new Prepared(added, p.fingerprintWords(), p.digestHex())).err())
        .contains("notes.txt was added");
    // A fingerprint mismatch stops and is recorded.
    Path mismatch = dir.resolve("copy-" + ItCeremony.uniq());
    copyDir(b, mismatch);
    ItCeremony.Cli m =
        wrap(
            new Prepared(
                mismatch, p.fingerprintWords().replaceFirst("^\\S+", "zoo"), p.digestHex()));
    assertThat(m.exit()).as(m.all()).isEqualTo(1);
    assertThat(m.err()).contains("FINGERPRINT_MISMATCH");
    List<TranscriptEntry> es = TranscriptVerifier.verify(mismatch, pin).entries();
    assertThat(es.get(es.size() - 1).data().path("cause").asText())
        .isEqualTo("FINGERPRINT_MISMATCH");
    assertThat(mismatch.resolve("EncryptedKeyMaterial.bin")).doesNotExist();
    // ... and the phase can be run again with the right value (interrupted phase, resumed).
    ItCeremony.Cli again = wrap(new Prepared(mismatch, p.fingerprintWords(), p.digestHex()));
    assertThat(again.exit()).as(again.all()).isZero();

    // After wrap: tampering with the ciphertext or signer.pem is refused by import.
    // (the copies share the material label, so the bundle wrapped just now stands for them all)
    for (String f : List.of("EncryptedKeyMaterial.bin", "signer.pem", "transcript.sig")) {
      Path copy = dir.resolve("copy-" + ItCeremony.uniq());
      copyDir(mismatch, copy);
      byte[] bytes = Files.readAllBytes(copy.resolve(f));
      bytes[bytes.length / 2] ^= 0x01;
      Files.write(copy.resolve(f), bytes);
      ItCeremony.Cli c = ItCeremony.main("import", copy.toString());
      assertThat(c.exit()).as(f + ": " + c.all()).isIn(1, 4);
    }
    // wrap twice: wrong phase.
    assertThat(ItCeremony.main("wrap", mismatch.toString()).exit()).isEqualTo(2);
  }

  @Test
  void expiredParameters_importRefusesBeforeAnyKmsChange() throws Exception {
    kmsClock.setInstant(java.time.Instant.now().minus(Duration.ofHours(25)));
    Prepared p;
    try {
      p =
          prepare(
              script(
                  "SYMMETRIC_DEFAULT",
                  "RSAES_OAEP_SHA_1",
                  "  model: KEY_MATERIAL_DOES_NOT_EXPIRE"));
    } finally {
      kmsClock.setInstant(java.time.Instant.now());
    }
    assertThat(wrap(p).exit()).isZero();
    byte[] before = Files.readAllBytes(p.bundle().resolve("transcript.jsonl"));
    ItCeremony.Cli c = ItCeremony.main("import", p.bundle().toString());
    assertThat(c.exit()).isEqualTo(1);
    assertThat(c.err()).contains("expired").contains("prepare --refresh " + p.bundle());
    assertThat(Files.readAllBytes(p.bundle().resolve("transcript.jsonl"))).isEqualTo(before);
  }

  @Test
  void expiredParameters_prepareRefresh_beforeAndAfterWrap_thenImportAndSealVerify()
      throws Exception {
    Prepared p;
    ItCeremony.Cli refreshed;
    kmsClock.setInstant(java.time.Instant.now().minus(Duration.ofHours(25)));
    try {
      p =
          prepare(
              script(
                  "SYMMETRIC_DEFAULT",
                  "RSAES_OAEP_SHA_1",
                  "  model: KEY_MATERIAL_DOES_NOT_EXPIRE"));
      // Refresh 1, before wrap (the transcript is still pending): the new ones expire too.
      refreshed = ItCeremony.main("prepare", "--refresh", p.bundle().toString());
    } finally {
      kmsClock.setInstant(java.time.Instant.now());
    }
    Path b = p.bundle();
    assertThat(refreshed.exit()).as(refreshed.all()).isZero();
    byte[] firstKey =
        Files.readAllBytes(
            b.resolve("WrappingPublicKey.der.superseded-" + lastOf(b, "phase.started").seq()));
    Prepared p1 = written(b, refreshed);
    assertThat(p1.fingerprintWords()).isNotEqualTo(p.fingerprintWords());
    // The values written down before the refresh no longer match: wrap stops.
    Path copy = dir.resolve("copy-" + ItCeremony.uniq());
    copyDir(b, copy);
    ItCeremony.Cli stale = wrap(new Prepared(copy, p.fingerprintWords(), p.digestHex()));
    assertThat(stale.exit()).as(stale.all()).isEqualTo(1);
    assertThat(stale.err()).contains("FINGERPRINT_MISMATCH");

    ItCeremony.Cli w1 = wrap(p1);
    assertThat(w1.exit()).as(w1.all()).isZero();
    ItCeremony.Cli expired = ItCeremony.main("import", b.toString());
    assertThat(expired.exit()).as(expired.all()).isEqualTo(1);
    assertThat(expired.err()).contains("prepare --refresh " + b);

    // Refresh 2, after wrap (a signed transcript with an unsigned tail now).
    byte[] wrapped = Files.readAllBytes(b.resolve("EncryptedKeyMaterial.bin"));
    ItCeremony.Cli r2 = ItCeremony.main("prepare", "--refresh", b.toString());
    assertThat(r2.exit()).as(r2.all()).isZero();
    long seq = lastOf(b, "phase.started").seq();
    assertThat(b.resolve("EncryptedKeyMaterial.bin")).doesNotExist();
    assertThat(Files.readAllBytes(b.resolve("EncryptedKeyMaterial.bin.superseded-" + seq)))
        .isEqualTo(wrapped);
    assertThat(b.resolve("ImportToken.bin.superseded-" + seq)).exists();
    TranscriptEntry done = lastOf(b, "phase.completed");
    assertThat(done.data().path("phase").asText()).isEqualTo("prepare");
    assertThat(done.data().path("next").asText()).isEqualTo("wrap");
    assertThat(done.data().path("refresh").asBoolean()).isTrue();
    assertThat(
            done.data()
                .path("superseded")
                .path("EncryptedKeyMaterial.bin.superseded-" + seq)
                .asText())
        .isEqualTo(Fingerprint.sha256Hex(wrapped));
    // The refreshed bundle waits for a new wrap: import refuses, nothing changed.
    byte[] before = Files.readAllBytes(b.resolve("transcript.jsonl"));
    ItCeremony.Cli early = ItCeremony.main("import", b.toString());
    assertThat(early.exit()).as(early.all()).isEqualTo(2);
    assertThat(early.err()).contains("waits for phase wrap");
    assertThat(Files.readAllBytes(b.resolve("transcript.jsonl"))).isEqualTo(before);

    ItCeremony.Cli w2 = wrap(written(b, r2));
    assertThat(w2.exit()).as(w2.all()).isZero();
    ItCeremony.Cli i = ItCeremony.main("import", b.toString());
    assertThat(i.exit()).as(i.all()).isZero();
    ItCeremony.Cli s = offline("seal", b.toString());
    assertThat(s.exit()).as(s.all()).isZero();
    VerificationReport r = TranscriptVerifier.verify(b, pin);
    assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.VALID);
    assertThat(lastOf(b, "ceremony.sealed").data().path("outcome").asText()).isEqualTo("succeeded");
    // One material for the three wraps: generated once, found twice.
    assertThat(
            r.entries().stream()
                .filter(
                    e ->
                        e.type().equals("intent")
                            && e.data().path("action").asText().equals("hsm:generate")))
        .hasSize(1);
    assertThat(
            r.entries().stream()
                .filter(
                    e ->
                        e.type().equals("intent")
                            && e.data()
                                .path("action")
                                .asText()
                                .equals("kms:GetParametersForImport")))
        .hasSize(3);
    assertThat(firstKey).isNotEqualTo(Files.readAllBytes(b.resolve("WrappingPublicKey.der")));
  }

  @Test
  void prepareRefresh_badInput_refusedWithNothingChanged() throws Exception {
    ItCeremony.Cli none = ItCeremony.main("prepare");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("either SCRIPT.yaml").contains("--refresh DIR");
    ItCeremony.Cli notBundle = ItCeremony.main("prepare", "--refresh", dir.toString());
    assertThat(notBundle.exit()).as(notBundle.all()).isEqualTo(2);
    assertThat(notBundle.err()).contains("is not a ceremony bundle");
  }

  static TranscriptEntry lastOf(Path bundle, String type) {
    List<TranscriptEntry> es = TranscriptVerifier.verify(bundle).entries();
    for (int k = es.size() - 1; k >= 0; k--) {
      if (es.get(k).type().equals(type)) {
        return es.get(k);
      }
    }
    throw new AssertionError("no " + type + " in " + bundle);
  }

  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
