package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} on a mix of keys (symmetric expiring in 10 days, HMAC in 60, symmetric that does
 * not expire, an EXTERNAL key that never got material, a KMS-origin key) and windows, against the
 * local KMS over HTTP with ceremonies on the real token; then expiry (the KMS clock moved) and the
 * printed reimport command run as printed.
 */
class StatusIT {
  static LocalKms kms;
  static MutableClock kmsClock = MutableClock.system();
  @TempDir static Path dir;
  static Path acks;

  @BeforeAll
  static void start() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).clock(kmsClock).start();
    acks = dir.resolve("acks.yaml");
    Files.writeString(acks, "approvals: [carol, chris]\nconfirmations: [wendy]\n");
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  private static JsonNode sealed(String spec, String label, String expiration) throws Exception {
    ItCeremony.Cli c =
        ItCeremony.run(
            dir,
            ItCeremony.script(
                kms,
                ItCeremony.create(spec),
                "generate: '" + label + "-{run}'",
                "auto",
                "RSA_2048",
                expiration));
    assertThat(c.exit()).as(c.all()).isZero();
    JsonNode s = Bundles.last(c.bundle(), "ceremony.sealed");
    ((com.fasterxml.jackson.databind.node.ObjectNode) s).put("bundle", c.bundle().toString());
    return s;
  }

  private static ItCeremony.Cli status(String... extra) {
    List<String> a =
        new ArrayList<>(List.of("status", "--endpoint-url", kms.endpoint().toString()));
    a.addAll(List.of(extra));
    return ItCeremony.main(a.toArray(new String[0]));
  }

  private static JsonNode key(JsonNode report, String keyId) {
    for (JsonNode k : report.get("keys")) {
      if (k.get("keyId").asText().equals(keyId)) {
        return k;
      }
    }
    throw new AssertionError("key " + keyId + " not listed: " + report);
  }

  @Test
  void status_mixOfKeysAndWindows_exitAndReimportCommands() throws Exception {
    JsonNode sym10 =
        sealed("SYMMETRIC_DEFAULT", "st-sym10", "  model: KEY_MATERIAL_EXPIRES\n  valid-for: 10d");
    JsonNode hmac60 =
        sealed("HMAC_256", "st-hmac60", "  model: KEY_MATERIAL_EXPIRES\n  valid-for: 60d");
    JsonNode forever =
        sealed("SYMMETRIC_DEFAULT", "st-forever", "  model: KEY_MATERIAL_DOES_NOT_EXPIRE");
    String bare;
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      bare =
          c.createKey(new CreateKeySpec("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", null, null, false))
              .value()
              .keyId();
    }
    String awsKms;
    try (var sdk =
        software.amazon.awssdk.services.kms.KmsClient.builder()
            .endpointOverride(kms.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        kms.defaultCredentials().accessKeyId(),
                        kms.defaultCredentials().secretAccessKey())))
            .build()) {
      awsKms = sdk.createKey(b -> b.keySpec("SYMMETRIC_DEFAULT")).keyMetadata().keyId();
    }
    Path out = dir.resolve("out");

    ItCeremony.Cli w5 = status("--within", "5", "--bundles", out.toString());
    assertThat(w5.exit()).as(w5.all()).isZero();
    assertThat(w5.out())
        .contains("4 EXTERNAL key(s); 0 due within 5 day(s)")
        .doesNotContain(awsKms)
        .contains(bare);

    ItCeremony.Cli w30 = status("--within", "30", "--bundles", out.toString(), "--output", "json");
    assertThat(w30.exit()).as(w30.all()).isEqualTo(1);
    JsonNode r30 = new ObjectMapper().readTree(w30.out());
    JsonNode k10 = key(r30, sym10.get("keyId").asText());
    assertThat(k10.get("due").asBoolean()).isTrue();
    assertThat(k10.get("materials").get(0).get("keyMaterialId").asText())
        .isEqualTo(sym10.get("keyMaterialId").asText());
    assertThat(k10.get("materials").get(0).get("daysLeft").asLong()).isBetween(9L, 10L);
    assertThat(k10.get("ceremonyId").asText()).startsWith("it-");
    assertThat(k10.get("hsmLabel").asText())
        .isEqualTo(sym10.get("hsmObject").get("label").asText());
    assertThat(k10.get("next").asText())
        .isEqualTo("./ceremony reimport " + sym10.get("bundle").asText());
    assertThat(key(r30, hmac60.get("keyId").asText()).get("due").asBoolean()).isFalse();
    assertThat(key(r30, forever.get("keyId").asText()).get("due").asBoolean()).isFalse();
    assertThat(key(r30, bare).get("due").asBoolean()).isFalse();
    assertThat(r30.get("keys")).hasSize(4);

    ItCeremony.Cli w90 = status("--within", "90", "--bundles", out.toString());
    assertThat(w90.exit()).isEqualTo(1);
    assertThat(w90.out())
        .contains("2 due within 90 day(s)")
        .contains("DUE " + sym10.get("keyArn").asText())
        .contains("DUE " + hmac60.get("keyArn").asText())
        .contains("next: ./ceremony reimport " + hmac60.get("bundle").asText());

    ItCeremony.Cli noBundles = status("--within", "30");
    assertThat(noBundles.exit()).isEqualTo(1);
    assertThat(noBundles.out()).contains("give --bundles DIR to look for it");

    // Deleted material: due whatever the window, with the bundle that imported it.
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      c.deleteImportedKeyMaterial(forever.get("keyId").asText());
    }
    ItCeremony.Cli gone = status("--within", "0", "--bundles", out.toString(), "--output", "json");
    assertThat(gone.exit()).isEqualTo(1);
    JsonNode g = key(new ObjectMapper().readTree(gone.out()), forever.get("keyId").asText());
    assertThat(g.get("due").asBoolean()).isTrue();
    assertThat(g.get("reason").asText()).contains("is gone");
    assertThat(g.get("next").asText())
        .isEqualTo("./ceremony reimport " + forever.get("bundle").asText());

    // Expiry: the 10-day material expires in the local KMS; the printed command brings it back.
    kmsClock.advance(Duration.ofDays(11));
    kms.sweep();
    ItCeremony.Cli expired =
        status("--within", "0", "--bundles", out.toString(), "--output", "json");
    JsonNode e = key(new ObjectMapper().readTree(expired.out()), sym10.get("keyId").asText());
    assertThat(e.get("keyState").asText()).isEqualTo("PendingImport");
    assertThat(e.get("due").asBoolean()).isTrue();
    List<String> cmd =
        new ArrayList<>(
            List.of(e.get("next").asText().substring("./ceremony ".length()).split(" ")));
    cmd.addAll(
        List.of("--valid-for", "90d", "--non-interactive", "--acknowledgements", acks.toString()));
    ItCeremony.Cli re = ItCeremony.main(cmd.toArray(new String[0]));
    assertThat(re.exit()).as(re.all()).isZero();
    cmd.set(1, g.get("next").asText().substring("./ceremony reimport ".length()));
    ItCeremony.Cli re2 = ItCeremony.main(cmd.toArray(new String[0]));
    assertThat(re2.exit()).as(re2.all()).isZero();

    // Now only the HMAC key (60 days on the real clock) is inside a 90-day window.
    ItCeremony.Cli after = status("--within", "30", "--bundles", out.toString());
    assertThat(after.exit()).as(after.all()).isZero();
    ItCeremony.Cli bad = status("--output", "xml");
    assertThat(bad.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).contains("--output 'xml' is not allowed; allowed: table, json");
  }

  @Test
  void status_unreachableKms_exit3() {
    ItCeremony.Cli c = ItCeremony.main("status", "--endpoint-url", "http://127.0.0.1:9");
    assertThat(c.exit()).as(c.all()).isEqualTo(ExitCodes.SETUP_FAILED);
    assertThat(c.err()).contains("KMS could not be read");
  }
}
