package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Multi-Region ceremonies with two replicas on the real token against the local KMS over HTTP (one
 * endpoint, every Region): the same material in the primary and both replicas, a proof in each
 * Region and across them; and a replica whose import fails halfway (HTTP 500 injected while its
 * ImportKeyMaterial is in flight, in a separate JVM) that {@code resume} finishes.
 */
class MultiRegionIT extends CeremonyItFixture {
  static final List<String> REPLICAS = List.of("us-west-2", "eu-west-1");

  static String yaml(String spec, String name, Path out) {
    return ItCeremony.script(
            kms,
            "  create:\n    spec: "
                + spec
                + "\n    alias: alias/"
                + name
                + "-{run}\n    replica-regions: [us-west-2, eu-west-1]",
            "generate: '" + name + "-{run}'",
            "auto",
            "RSA_2048",
            ItCeremony.EXPIRES_30D)
        .replace("name: it\n", "name: " + name + "\n")
        .replace("  out: out", "  out: " + out)
        .replace("  endpoint: ", "  retry-budget: 0s\n  endpoint: ");
  }

  static KeyInfo describe(String region, String keyId) {
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), region)) {
      return c.describeKey(keyId).value();
    }
  }

  static List<String> actions(Path bundle, String action) {
    return TranscriptVerifier.verify(bundle).entries().stream()
        .filter(e -> e.type().equals("intent") && e.data().get("action").asText().equals(action))
        .map(e -> e.data().get("handle").path("region").asText("primary"))
        .toList();
  }

  @Test
  void symmetricAndHmac_allRegionsHoldTheMaterial_crossRegionProof() throws Exception {
    for (String spec : List.of("SYMMETRIC_DEFAULT", "HMAC_256")) {
      Path out = dir.resolve("mr-" + ItCeremony.uniq());
      List<String> planned = ItCeremony.plannedEntries(dir, yaml(spec, "mr", out));
      assertThat(planned)
          .contains("step.replicate", "step.replica-import", "step.cross-region-proof");
      ItCeremony.Cli c = ItCeremony.run(dir, yaml(spec, "mr", out));
      assertThat(c.exit()).as(c.all()).isZero();
      assertThat(ItCeremony.recordedEntries(c.bundle())).isEqualTo(planned);
      JsonNode sealed = Bundles.last(c.bundle(), "ceremony.sealed");
      String keyId = sealed.get("keyId").asText();
      assertThat(keyId).startsWith("mrk-");
      KeyInfo primary = describe("us-east-1", keyId);
      assertThat(primary.keyState()).isEqualTo("Enabled");
      for (String r : REPLICAS) {
        KeyInfo k = describe(r, keyId);
        assertThat(k.keyState()).as(r).isEqualTo("Enabled");
        assertThat(k.arn()).contains(":" + r + ":");
        assertThat(k.validTo()).isEqualTo(primary.validTo());
      }
      JsonNode cross = Bundles.last(c.bundle(), "step.cross-region-proof");
      assertThat(cross.get("allAgree").asBoolean()).isTrue();
      assertThat(cross.get("regions").size()).isEqualTo(2);
      JsonNode imports = Bundles.last(c.bundle(), "step.replica-import").get("regions");
      for (String r : REPLICAS) {
        assertThat(imports.get(r).has("failed")).isFalse();
        assertThat(imports.get(r).get("confirmations").size()).isEqualTo(1);
      }
      assertThat(actions(c.bundle(), "kms:ReplicateKey")).containsExactly("us-west-2", "eu-west-1");
      assertThat(actions(c.bundle(), "kms:ImportKeyMaterial"))
          .containsExactly("primary", "us-west-2", "eu-west-1");
      assertThat(actions(c.bundle(), "hsm:generate")).hasSize(1);
    }
  }

  @Test
  void reimportFromBundle_restoresADeletedReplica_andRenewsEveryRegion() throws Exception {
    Path out = dir.resolve("mr-re-" + ItCeremony.uniq());
    ItCeremony.Cli c = ItCeremony.run(dir, yaml("SYMMETRIC_DEFAULT", "mrre", out));
    assertThat(c.exit()).as(c.all()).isZero();
    String keyId = Bundles.last(c.bundle(), "ceremony.sealed").get("keyId").asText();
    try (SdkKms eu = SdkKms.forLocalKms(kms.endpoint(), "eu-west-1")) {
      eu.deleteImportedKeyMaterial(keyId);
    }
    assertThat(describe("eu-west-1", keyId).keyState()).isEqualTo("PendingImport");
    Path acks = dir.resolve("acks-" + ItCeremony.uniq() + ".yaml");
    Files.writeString(acks, "approvals: [carol, chris]\nconfirmations: [wendy]\n");
    ItCeremony.Cli r =
        ItCeremony.main(
            "reimport",
            c.bundle().toString(),
            "--valid-for",
            "60d",
            "--non-interactive",
            "--acknowledgements",
            acks.toString());
    assertThat(r.exit()).as(r.all()).isZero();
    KeyInfo primary = describe("us-east-1", keyId);
    for (String region : REPLICAS) {
      KeyInfo k = describe(region, keyId);
      assertThat(k.keyState()).as(region).isEqualTo("Enabled");
      assertThat(k.validTo()).as(region).isEqualTo(primary.validTo());
    }
    assertThat(actions(r.bundle(), "kms:ImportKeyMaterial"))
        .containsExactly("primary", "us-west-2", "eu-west-1");
    assertThat(actions(r.bundle(), "hsm:generate")).isEmpty();
    assertThat(actions(r.bundle(), "kms:ReplicateKey")).isEmpty();
  }

  @Test
  void replicaFailsHalfway_resumeFinishesIt_noSecondMaterialOrKey() throws Exception {
    // A reference run gives the entry number of the eu-west-1 import's intent.
    Path refOut = dir.resolve("mr-ref-" + ItCeremony.uniq());
    ItCeremony.Cli ref = ItCeremony.run(dir, yaml("SYMMETRIC_DEFAULT", "mrref", refOut));
    assertThat(ref.exit()).as(ref.all()).isZero();
    long n =
        TranscriptVerifier.verify(ref.bundle()).entries().stream()
            .filter(
                e ->
                    e.type().equals("intent")
                        && e.data().get("action").asText().equals("kms:ImportKeyMaterial")
                        && "eu-west-1".equals(e.data().get("handle").path("region").asText()))
            .mapToLong(TranscriptEntry::seq)
            .findFirst()
            .orElseThrow();

    Path out = dir.resolve("mr-fail-" + ItCeremony.uniq());
    Path script = dir.resolve("mr-fail-" + ItCeremony.uniq() + ".yaml");
    Files.writeString(script, yaml("SYMMETRIC_DEFAULT", "mrfail", out));
    int keysBefore = keyIds().size();
    int exit;
    try (ChildProcess c =
        ChildProcess.start(
            List.of("-Dkeyceremony.test.pauseAfterEntry=" + n),
            "run",
            script.toString(),
            "--non-interactive")) {
      assertThat(c.awaitPause(180_000)).as(c.err()).isTrue();
      kms.setFaults(new FaultSettings(0, 1, 0, 0, 1)); // every request: HTTP 500
      c.proceed();
      exit = c.waitFor(180);
      assertThat(c.err()).contains("FAILED in step replica-import");
    } finally {
      kms.setFaults(FaultSettings.NONE);
    }
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
    Path bundle;
    try (Stream<Path> s = Files.list(out)) {
      bundle = s.findFirst().orElseThrow();
    }
    JsonNode failed = Bundles.last(bundle, "error");
    assertThat(failed.get("step").asText()).isEqualTo("replica-import");
    assertThat(failed.get("retryable").asBoolean()).isTrue();
    String keyId = Bundles.last(bundle, "ceremony.sealed").get("keyId").asText();
    assertThat(describe("us-west-2", keyId).keyState()).isEqualTo("Enabled");
    assertThat(describe("eu-west-1", keyId).keyState()).isEqualTo("PendingImport");

    ItCeremony.Cli r = ItCeremony.main("resume", bundle.toString(), "--non-interactive");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("reconciled kms:ImportKeyMaterial: not-done");
    assertThat(describe("eu-west-1", keyId).keyState()).isEqualTo("Enabled");
    JsonNode imports = Bundles.last(bundle, "step.replica-import").get("regions");
    assertThat(imports.get("us-west-2").get("importedEarlier").asBoolean()).isTrue();
    assertThat(imports.get("eu-west-1").has("keyMaterialId")).isTrue();
    assertThat(Bundles.last(bundle, "step.cross-region-proof").get("allAgree").asBoolean())
        .isTrue();
    assertThat(actions(bundle, "hsm:generate")).hasSize(1);
    assertThat(actions(bundle, "kms:CreateKey")).hasSize(1);
    assertThat(keyIds().size()).isEqualTo(keysBefore + 1);
    assertThat(TranscriptVerifier.verify(bundle).isValid()).isTrue();
  }
}
