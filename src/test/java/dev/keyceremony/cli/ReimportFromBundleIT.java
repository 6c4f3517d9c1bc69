package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.ceremony.Fingerprint;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reimport BUNDLE} with the real token and the local KMS over HTTP: after
 * DeleteImportedKeyMaterial and after expiry (the local KMS clock moved past ValidTo), the reimport
 * built from the bundle alone brings back the same KeyMaterialId, and its line 1 names the original
 * bundle and the SHA-256 of its transcript.
 */
class ReimportFromBundleIT {
  static LocalKms kms;
  @TempDir static Path dir;
  static Path acks;

  @BeforeAll
  static void start() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).start();
    acks = dir.resolve("acks.yaml");
    Files.writeString(acks, "approvals: [carol, chris]\nconfirmations: [wendy]\n");
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  private static ItCeremony.Cli reimport(Path bundle, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "reimport",
                bundle.toString(),
                "--non-interactive",
                "--acknowledgements",
                acks.toString()));
    args.addAll(List.of(extra));
    return ItCeremony.main(args.toArray(new String[0]));
  }

  private static JsonNode line1(Path bundle) throws Exception {
    return new ObjectMapper()
        .readTree(Files.readAllLines(bundle.resolve("transcript.jsonl")).get(0))
        .get("data");
  }

  @Test
  void reimport_afterDeleteAndAfterExpiry_sameKeyMaterialId_linkedToOriginalBundle()
      throws Exception {
    // Its own local KMS: this test moves the KMS clock a month on.
    MutableClock kmsClock = MutableClock.system();
    try (LocalKms kms = LocalKms.builder().port(0).clock(kmsClock).start()) {
      afterDeleteAndAfterExpiry(kms, kmsClock);
    }
  }

  private static void afterDeleteAndAfterExpiry(LocalKms kms, MutableClock kmsClock)
      throws Exception {
    ItCeremony.Cli a =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'rb-{run}'",
                "auto",
                "RSA_2048",
                "  model: KEY_MATERIAL_EXPIRES\n  valid-for: 1d"));
    assertThat(a.exit()).as(a.all()).isZero();
    JsonNode sealedA = Bundles.last(a.bundle(), "ceremony.sealed");
    String keyArn = sealedA.get("keyArn").asText();
    String materialId = sealedA.get("keyMaterialId").asText();

    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      client.deleteImportedKeyMaterial(keyArn);
      assertThat(client.describeKey(keyArn).value().keyState()).isEqualTo("PendingImport");
    }
    ItCeremony.Cli b = reimport(a.bundle(), "--valid-for", "30d");
    assertThat(b.exit()).as(b.all()).isZero();
    assertThat(b.bundle().getParent()).isEqualTo(a.bundle().getParent());
    JsonNode link = line1(b.bundle()).get("reimportOf");
    assertThat(link.get("bundle").asText()).isEqualTo(a.bundle().toString());
    assertThat(link.get("transcriptSha256").asText())
        .isEqualTo(
            Fingerprint.sha256Hex(Files.readAllBytes(a.bundle().resolve("transcript.jsonl"))));
    assertThat(link.get("keyMaterialId").asText()).isEqualTo(materialId);
    assertThat(Bundles.last(b.bundle(), "step.wrap-import").get("importType").asText())
        .isEqualTo("EXISTING_KEY_MATERIAL");
    JsonNode prove = Bundles.last(b.bundle(), "step.prove");
    assertThat(prove.get("keyMaterialId").asText()).isEqualTo(materialId);
    assertThat(prove.get("keyMaterialIdMatches").asBoolean()).isTrue();
    assertThat(Files.readString(b.bundle().resolve("script.yaml")))
        .contains("existing: " + keyArn)
        .contains("key-material-id: " + materialId)
        .doesNotContain("acknowledgements");
    assertThat(TranscriptVerifier.verify(b.bundle()).isValid()).isTrue();

    // Expiry: the reimport above asked for 30 days; the KMS clock moves 31 days on.
    kmsClock.advance(Duration.ofDays(31));
    kms.sweep();
    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      assertThat(client.describeKey(keyArn).value().keyState()).isEqualTo("PendingImport");
    }
    // From the reimport's own bundle this time, with a ValidTo past the moved KMS clock.
    ItCeremony.Cli c = reimport(b.bundle(), "--valid-for", "60d");
    assertThat(c.exit()).as(c.all()).isZero();
    assertThat(Bundles.last(c.bundle(), "step.prove").get("keyMaterialId").asText())
        .isEqualTo(materialId);
    assertThat(line1(c.bundle()).get("reimportOf").get("bundle").asText())
        .isEqualTo(b.bundle().toString());
    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      assertThat(client.describeKey(keyArn).value().keyState()).isEqualTo("Enabled");
    }
  }

  @Test
  void reimport_hmacKey_noKeyMaterialIdSent_macsStillEqual() throws Exception {
    ItCeremony.Cli a =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("HMAC_256"),
                "generate: 'rbh-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    assertThat(a.exit()).as(a.all()).isZero();
    String keyArn = Bundles.last(a.bundle(), "ceremony.sealed").get("keyArn").asText();
    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      client.deleteImportedKeyMaterial(keyArn);
    }
    ItCeremony.Cli b = reimport(a.bundle(), "--does-not-expire");
    assertThat(b.exit()).as(b.all()).isZero();
    assertThat(Bundles.last(b.bundle(), "step.wrap-import").has("importType")).isFalse();
    assertThat(Bundles.last(b.bundle(), "step.prove").get("macsEqual").asBoolean()).isTrue();
    assertThat(Bundles.last(b.bundle(), "ceremony.sealed").get("outcome").asText())
        .isEqualTo("succeeded");
  }

  @Test
  void reimport_refusesBadBundles_nothingTouched() throws Exception {
    ItCeremony.Cli notBundle = reimport(dir);
    assertThat(notBundle.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(notBundle.err()).contains("is not a transcript bundle");

    // A ceremony that failed (alias taken) proves no import to repeat.
    String alias = "alias/rb-taken-" + ItCeremony.uniq();
    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      var k =
          client
              .createKey(
                  new dev.keyceremony.kms.CreateKeySpec(
                      "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", null, null, false))
              .value();
      client.createAlias(alias, k.keyId());
    }
    ItCeremony.Cli failed =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                "  create:\n    spec: SYMMETRIC_DEFAULT\n    alias: " + alias,
                "generate: 'rbf-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    assertThat(failed.exit()).as(failed.all()).isEqualTo(ExitCodes.FAILED);
    ItCeremony.Cli r = reimport(failed.bundle());
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("did not complete (status failed)");

    // A tampered bundle: exit 4.
    ItCeremony.Cli ok =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create("SYMMETRIC_DEFAULT"),
                "generate: 'rbt-{run}'",
                "auto",
                "RSA_2048",
                ItCeremony.EXPIRES_30D));
    assertThat(ok.exit()).as(ok.all()).isZero();
    int keysBefore = keyCount();
    Path t = ok.bundle().resolve("transcript.jsonl");
    Files.writeString(t, Files.readString(t).replace("\"olivia\"", "\"mallory\""));
    ItCeremony.Cli tampered = reimport(ok.bundle());
    assertThat(tampered.exit()).as(tampered.all()).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
    assertThat(tampered.err()).contains("does not verify");
    assertThat(keyCount()).isEqualTo(keysBefore);
  }

  private static int keyCount() {
    try (SdkKms client = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      return client.listKeyIds(1000).value().size();
    }
  }
}
