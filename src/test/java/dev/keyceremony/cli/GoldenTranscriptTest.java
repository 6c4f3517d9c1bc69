package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.FakeHsmSession;
import dev.keyceremony.ceremony.FakeKms;
import dev.keyceremony.ceremony.MutableClock;
import dev.keyceremony.ceremony.Outcome;
import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.TranscriptWriter;
import dev.keyceremony.workflow.TranscriptJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole ceremony (Fake HSM and KMS, the real transcript writer and journal adapter) with a fixed
 * clock, compared with a reviewed golden transcript after the non-deterministic fields (random key
 * IDs, request IDs, hashes of random material, durations, chain hashes) are normalised. Regenerate
 * with -Dgolden.update=true and review the diff.
 */
class GoldenTranscriptTest {
  static final Set<String> RANDOM =
      Set.of(
          "keyId",
          "arn",
          "keyArn",
          "durationMs",
          "challenge",
          "wrappingKeySpkiSha256",
          "importTokenSha256",
          "fingerprintWords",
          "wrappedMaterialSha256",
          "keyMaterialId",
          "currentKeyMaterialId",
          "hsmAesEcbZeroBlock",
          "hsmAesCmacZeroBlock",
          "ciphertextSha256",
          "prev",
          "spkiSha256",
          "fingerprintSha256",
          "requestId",
          "id",
          "sha256",
          "module");
  static final String GOLDEN = "src/test/resources/dev/keyceremony/cli/golden-symmetric.jsonl";

  @TempDir Path dir;

  @Test
  void symmetricCeremony_matchesGoldenTranscript_andVerifies() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    Files.writeString(dir.resolve("module.so"), "x");
    String yaml =
        new String(
            getClass().getResourceAsStream("golden-script.yaml").readAllBytes(),
            StandardCharsets.UTF_8);
    CeremonyScript s =
        new ScriptParser(clock, "20261128T120000Z-0000").parse(yaml, "golden.yaml", dir);
    Path bundle = dir.resolve("bundle");
    SoftwareTestSigner signer = new SoftwareTestSigner();
    TranscriptWriter w =
        TranscriptWriter.create(bundle, "golden-20261128T120000Z-0000", signer, clock);
    Outcome o;
    try {
      o =
          new Ceremony(
                  new CeremonyContext(
                      s,
                      new FakeHsmSession(),
                      new FakeKms(clock),
                      new TranscriptJournal(w),
                      new ScriptedParticipants(s.acknowledgements(), clock),
                      clock,
                      new SecureRandom(),
                      p -> null,
                      Map.of("tool", Map.of("name", "kms-key-ceremony", "version", "test")),
                      dev.keyceremony.ceremony.CeremonyControl.fresh(
                          "golden-20261128T120000Z-0000", "out/golden-20261128T120000Z-0000")))
              .run();
    } finally {
      w.close();
    }
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    assertThat(TranscriptVerifier.verify(bundle, signer.signerFingerprint()).isValid()).isTrue();

    List<String> actual = normalise(Files.readAllLines(bundle.resolve("transcript.jsonl")));
    Path golden = Path.of(System.getProperty("ceremony.projectDir", ".")).resolve(GOLDEN);
    if (Boolean.getBoolean("golden.update")) {
      Files.write(golden, actual);
    }
    assertThat(actual).containsExactlyElementsOf(Files.readAllLines(golden));
  }

  static List<String> normalise(List<String> lines) throws IOException {
    ObjectMapper m = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = m.readTree(line);
      walk(n);
      out.add(m.writeValueAsString(n));
    }
    return out;
  }

  private static void walk(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        JsonNode v = o.get(k);
        if (RANDOM.contains(k) && v.isValueNode()) {
          o.set(k, TextNode.valueOf("<" + k + ">"));
        } else if (v.isTextual()) {
          o.set(
              k,
              TextNode.valueOf(
                  v.asText()
                      .replaceAll(
                          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                          "<uuid>")));
        } else {
          walk(v);
        }
      }
    } else if (n.isArray()) {
      n.forEach(GoldenTranscriptTest::walk);
    }
  }
}
