package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.kms.KeyMaterialInfo;
import dev.keyceremony.kms.sdk.SdkKms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Rotation ceremonies ({@code key.rotate}) with the real token and the local KMS over HTTP:
 * NEW_KEY_MATERIAL, the proof, RotateKeyOnDemand (or the material left pending), the link to the
 * previous bundle and KeyMaterialId, and the refusals before anything is changed.
 */
class RotationIT extends CeremonyItFixture {

  private static String rotation(String keyArn, String rotateNow, String previousBundle) {
    String block =
        "  rotate:\n    existing: "
            + keyArn
            + "\n    rotate-now: "
            + rotateNow
            + "\n    material-description: rotation test"
            + (previousBundle == null ? "" : "\n    previous-bundle: " + previousBundle);
    return ItCeremony.script(
        kms,
        block,
        "generate: 'rot-{run}'",
        "auto",
        "RSA_2048",
        "  model: KEY_MATERIAL_EXPIRES\n  valid-for: 90d");
  }

  private static Map<String, String> states(String keyArn) {
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      return c.listKeyMaterials(keyArn).value().stream()
          .collect(
              Collectors.toMap(KeyMaterialInfo::keyMaterialId, KeyMaterialInfo::keyMaterialState));
    }
  }

  private static JsonNode line1(Path bundle) throws Exception {
    return new ObjectMapper()
        .readTree(Files.readAllLines(bundle.resolve("transcript.jsonl")).get(0))
        .get("data");
  }

  @Test
  void rotate_newMaterialCurrent_previousDecrypts_thenPending_thenRefusedWhilePending()
      throws Exception {
    ItCeremony.Cli a =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'rot0-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    assertThat(a.exit()).as(a.all()).isZero();
    JsonNode sealedA = Bundles.last(a.bundle(), "ceremony.sealed");
    String arn = sealedA.get("keyArn").asText();
    String m1 = sealedA.get("keyMaterialId").asText();
    SdkBytes oldCiphertext;
    try (KmsClient sdk = sdk()) {
      oldCiphertext =
          sdk.encrypt(b -> b.keyId(arn).plaintext(SdkBytes.fromUtf8String("before")))
              .ciphertextBlob();
    }

    List<String> planned =
        ItCeremony.plannedEntries(dir, rotation(arn, "true", a.bundle().toString()));
    assertThat(planned).contains("step.rotate").doesNotContain("step.create-key");
    ItCeremony.Cli b = ItCeremony.run(dir, rotation(arn, "true", a.bundle().toString()));
    assertThat(b.exit()).as(b.all()).isZero();
    assertThat(ItCeremony.recordedEntries(b.bundle())).isEqualTo(planned);
    JsonNode link = line1(b.bundle()).get("rotationOf");
    assertThat(link.get("keyMaterialId").asText()).isEqualTo(m1);
    assertThat(link.get("bundle").asText()).isEqualTo(a.bundle().toString());
    assertThat(Bundles.last(b.bundle(), "step.wrap-import").get("importType").asText())
        .isEqualTo("NEW_KEY_MATERIAL");
    JsonNode rotate = Bundles.last(b.bundle(), "step.rotate");
    String m2 = rotate.get("keyMaterialId").asText();
    assertThat(m2).isNotEqualTo(m1);
    assertThat(rotate.get("previousKeyMaterialId").asText()).isEqualTo(m1);
    assertThat(rotate.get("rotated").asBoolean()).isTrue();
    assertThat(rotate.get("currentKeyMaterialId").asText()).isEqualTo(m2);
    assertThat(rotate.get("roundTrip").asBoolean()).isTrue();
    assertThat(
            Bundles.last(b.bundle(), "step.prove")
                .get("newMaterial")
                .get(0)
                .get("keyMaterialState")
                .asText())
        .isEqualTo("PENDING_ROTATION");
    assertThat(states(arn)).isEqualTo(Map.of(m1, "NON_CURRENT", m2, "CURRENT"));
    assertThat(Bundles.last(b.bundle(), "ceremony.sealed").get("keyMaterialId").asText())
        .isEqualTo(m2);
    try (KmsClient sdk = sdk()) {
      var d = sdk.decrypt(x -> x.ciphertextBlob(oldCiphertext));
      assertThat(d.plaintext().asUtf8String()).isEqualTo("before");
      assertThat(d.keyMaterialId()).isEqualTo(m1);
    }
    List<String> intents = intents(b.bundle());
    assertThat(intents)
        .containsSubsequence("hsm:generate", "kms:ImportKeyMaterial", "kms:RotateKeyOnDemand");

    // rotate-now: false leaves the material pending, and says how to rotate later.
    ItCeremony.Cli c = ItCeremony.run(dir, rotation(arn, "false", b.bundle().toString()));
    assertThat(c.exit()).as(c.all()).isZero();
    JsonNode pending = Bundles.last(c.bundle(), "step.rotate");
    String m3 = pending.get("keyMaterialId").asText();
    assertThat(pending.get("rotated").asBoolean()).isFalse();
    assertThat(pending.get("next").asText())
        .startsWith(
            "./ceremony kms rotate-key-on-demand"
                + " --key-id "
                + arn.substring(arn.indexOf(":key/") + 5)
                + " (makes "
                + m3
                + " current)");
    assertThat(states(arn)).containsEntry(m3, "PENDING_ROTATION").containsEntry(m2, "CURRENT");
    assertThat(intents(c.bundle())).doesNotContain("kms:RotateKeyOnDemand");

    // Another rotation while one is pending: refused in preflight, nothing generated.
    ItCeremony.Cli d = ItCeremony.run(dir, rotation(arn, "true", null));
    assertThat(d.exit()).as(d.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(d.err()).contains("ROTATION_PENDING").contains(m3);
    assertThat(intents(d.bundle())).isEmpty();
  }

  @Test
  void rotate_refusals_hmacKey_wrongPreviousBundle() throws Exception {
    ItCeremony.Cli h =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("HMAC_256"),
                "generate: 'roth-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    assertThat(h.exit()).as(h.all()).isZero();
    String hmacArn = Bundles.last(h.bundle(), "ceremony.sealed").get("keyArn").asText();
    ItCeremony.Cli r = ItCeremony.run(dir, rotation(hmacArn, "true", null));
    assertThat(r.exit()).as(r.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("ROTATION_NOT_SUPPORTED").contains("HMAC_256");
    assertThat(intents(r.bundle())).isEmpty();

    ItCeremony.Cli s =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'rots-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    String symArn = Bundles.last(s.bundle(), "ceremony.sealed").get("keyArn").asText();
    ItCeremony.Cli wrong = ItCeremony.run(dir, rotation(symArn, "true", h.bundle().toString()));
    assertThat(wrong.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(wrong.err()).contains("key.rotate.previous-bundle:").contains("not of " + symArn);
    assertThat(wrong.bundle()).isNull();

    ItCeremony.Cli existingMaterial =
        ItCeremony.run(
            dir, rotation(symArn, "true", null).replace("generate: 'rot-{run}'", "existing: x"));
    assertThat(existingMaterial.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(existingMaterial.err())
        .contains("material.existing: a rotation (key.rotate)" + " imports new material");
  }

  /**
   * A crash at the rotation's two side effects: killed (SIGKILL, separate JVM) right after the
   * NEW_KEY_MATERIAL import's intent, and inside the RotateKeyOnDemand call (held by the local
   * KMS's fault delay, so it completes after the kill); {@code resume} finishes each with one
   * material and one rotation.
   */
  @Test
  void rotate_killedAtImportAndInsideRotation_resumeFinishes() throws Exception {
    for (String action : List.of("kms:ImportKeyMaterial", "kms:RotateKeyOnDemand")) {
      ItCeremony.Cli a =
          ItCeremony.run(
              dir,
              ItCeremony.script(
                  kms,
                  ItCeremony.create("SYMMETRIC_DEFAULT"),
                  "generate: 'rotk0-{run}'",
                  "auto",
                  "RSA_2048",
                  ItCeremony.EXPIRES_30D));
      assertThat(a.exit()).as(a.all()).isZero();
      String arn = Bundles.last(a.bundle(), "ceremony.sealed").get("keyArn").asText();
      String m1 = Bundles.last(a.bundle(), "ceremony.sealed").get("keyMaterialId").asText();
      Path out = dir.resolve("rotk-" + ItCeremony.uniq());
      Path script = dir.resolve("rotk-" + ItCeremony.uniq() + ".yaml");
      Files.writeString(script, rotation(arn, "true", null).replace("  out: out", "  out: " + out));
      // The intents come in a fixed order: count them in a transcript of the same shape.
      long n = rotationIntentSeq(action);
      boolean inside = action.equals("kms:RotateKeyOnDemand");
      try (ChildProcess c =
          ChildProcess.start(
              List.of("-Dkeyceremony.test.pauseAfterEntry=" + n),
              "run",
              script.toString(),
              "--non-interactive")) {
        assertThat(c.awaitPause(120_000)).as(c.err()).isTrue();
        if (inside) {
          kms.setFaults(new dev.keyceremony.localkms.FaultSettings(0, 0, 1, 1500, 1));
          c.proceed();
          Thread.sleep(500);
        }
        c.sigkill();
      } finally {
        kms.setFaults(dev.keyceremony.localkms.FaultSettings.NONE);
      }
      Thread.sleep(inside ? 1500 : 0);
      Path bundle;
      try (java.util.stream.Stream<Path> s = Files.list(out)) {
        bundle = s.findFirst().orElseThrow();
      }
      ItCeremony.Cli r = ItCeremony.main("resume", bundle.toString(), "--non-interactive");
      assertThat(r.exit()).as(action + ": " + r.all()).isZero();
      Map<String, String> st = states(arn);
      assertThat(st)
          .as(action)
          .hasSize(2)
          .containsEntry(m1, "NON_CURRENT")
          .containsValue("CURRENT");
      assertThat(intents(bundle)).as(action).filteredOn("hsm:generate"::equals).hasSize(1);
      JsonNode rotate = Bundles.last(bundle, "step.rotate");
      assertThat(rotate.get("rotated").asBoolean()).isTrue();
      assertThat(rotate.has("rotatedEarlier")).isEqualTo(inside);
      assertThat(dev.keyceremony.transcript.TranscriptVerifier.verify(bundle).isValid()).isTrue();
    }
  }

  /** The entry number of {@code action}'s intent in a rotation ceremony on a fresh key. */
  private static long rotationIntentSeq(String action) throws Exception {
    ItCeremony.Cli a =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'rotr0-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    String arn = Bundles.last(a.bundle(), "ceremony.sealed").get("keyArn").asText();
    ItCeremony.Cli ref = ItCeremony.run(dir, rotation(arn, "true", null));
    assertThat(ref.exit()).as(ref.all()).isZero();
    return dev.keyceremony.transcript.TranscriptVerifier.verify(ref.bundle()).entries().stream()
        .filter(e -> e.type().equals("intent") && e.data().get("action").asText().equals(action))
        .mapToLong(dev.keyceremony.transcript.TranscriptEntry::seq)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> intents(Path bundle) throws Exception {
    ObjectMapper m = new ObjectMapper();
    return Files.readAllLines(bundle.resolve("transcript.jsonl")).stream()
        .map(
            l -> {
              try {
                return m.readTree(l);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .filter(n -> n.get("type").asText().equals("intent"))
        .map(n -> n.get("data").get("action").asText())
        .toList();
  }
}
