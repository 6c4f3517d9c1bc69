package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.localkms.LocalKms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ceremony kms} against the in-process local KMS over real HTTP, through the real SDK
 * client: the seed page's example, every blob and timestamp form, create/describe/list/delete,
 * pagination, and the service-error exit code.
 */
class KmsCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static LocalKms kms;

  @TempDir Path dir;
  private Map<String, String> env;

  /** One command's result. */
  record Run(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    kms = LocalKms.builder().port(0).start();
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  @BeforeEach
  void shellEnvironment() throws Exception {
    Path config = dir.resolve("config");
    Files.writeString(config, "[default]\nregion = us-east-1\n");
    env =
        new HashMap<>(
            Map.of(
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString(),
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "AWS_EC2_METADATA_DISABLED", "true"));
  }

  Run kms(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--endpoint-url");
    all.add(kms.endpoint().toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new AwsKmsCli(new PrintWriter(out), new PrintWriter(err), env, Terminal.none()).run(all);
    return new Run(code, out.toString(), err.toString());
  }

  String createExternalSymmetricKey() {
    Run r = kms("create-key", "--origin", "EXTERNAL", "--description", "ceremony IT");
    assertThat(r.code()).as(r.err()).isZero();
    return r.json().get("KeyMetadata").get("KeyId").asText();
  }

  /** get-parameters-for-import, then AWS's OpenSSL recipe in JCE: OAEP-SHA256 of the material. */
  Path[] wrapMaterial(String keyId, byte[] material) throws Exception {
    Run p =
        kms(
            "get-parameters-for-import",
            "--key-id",
            keyId,
            "--wrapping-algorithm",
            "RSAES_OAEP_SHA_256",
            "--wrapping-key-spec",
            "RSA_2048");
    assertThat(p.code()).as(p.err()).isZero();
    byte[] spki = Base64.getDecoder().decode(p.json().get("PublicKey").asText());
    byte[] token = Base64.getDecoder().decode(p.json().get("ImportToken").asText());
    PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(
        Cipher.ENCRYPT_MODE,
        pub,
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    Path wrapped = dir.resolve("EncryptedKeyMaterial.bin");
    Path tokenFile = dir.resolve("ImportToken.bin");
    Files.write(wrapped, c.doFinal(material));
    Files.write(tokenFile, token);
    return new Path[] {wrapped, tokenFile};
  }

  static byte[] material() {
    byte[] m = new byte[32];
    RANDOM.nextBytes(m);
    return m;
  }

  @Test
  void seedExample_runsUnchanged_andDescribeKeyShowsEnabledWithValidTo() throws Exception {
    String keyId = createExternalSymmetricKey();
    Path[] files = wrapMaterial(keyId, material());
    String validTo =
        Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    Run r =
        kms(
            "import-key-material",
            "--key-id",
            keyId,
            "--encrypted-key-material",
            "fileb://" + files[0],
            "--import-token",
            "fileb://" + files[1],
            "--expiration-model",
            "KEY_MATERIAL_EXPIRES",
            "--valid-to",
            validTo);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode out = r.json();
    assertThat(out.get("KeyId").asText()).endsWith(keyId);
    assertThat(out.get("KeyMaterialId").asText()).matches("[a-f0-9]{64}");
    JsonNode meta = kms("describe-key", "--key-id", keyId).json().get("KeyMetadata");
    assertThat(meta.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(meta.get("Enabled").asBoolean()).isTrue();
    assertThat(meta.get("ExpirationModel").asText()).isEqualTo("KEY_MATERIAL_EXPIRES");
    assertThat(meta.get("ValidTo").asText())
        .isEqualTo(Timestamps.isoformat(Instant.parse(validTo), ZoneId.systemDefault()));
  }

  @Test
  void blobForms_fileBase64AndInlineBase64_andDeleteThenReimport() throws Exception {
    String keyId = createExternalSymmetricKey();
    byte[] material = material();
    Path[] files = wrapMaterial(keyId, material);
    Path tokenB64 = dir.resolve("token.b64");
    Files.writeString(tokenB64, Base64.getEncoder().encodeToString(Files.readAllBytes(files[1])));
    String inlineMaterial = Base64.getEncoder().encodeToString(Files.readAllBytes(files[0]));

    Run r =
        kms(
            "import-key-material",
            "--key-id",
            keyId,
            "--import-token",
            "file://" + tokenB64,
            "--encrypted-key-material",
            inlineMaterial,
            "--expiration-model",
            "KEY_MATERIAL_DOES_NOT_EXPIRE");
    assertThat(r.code()).as(r.err()).isZero();

    Run del = kms("delete-imported-key-material", "--key-id", keyId);
    assertThat(del.code()).as(del.err()).isZero();
    assertThat(
            kms(
                    "describe-key",
                    "--key-id",
                    keyId,
                    "--query",
                    "KeyMetadata.KeyState",
                    "--output",
                    "text")
                .out())
        .isEqualTo("PendingImport\n");

    // Reimport the same material with a raw-in-base64-out JSON input file.
    Path[] again = wrapMaterial(keyId, material);
    Path input = dir.resolve("input.json");
    Files.writeString(
        input,
        "{\"KeyId\":\""
            + keyId
            + "\",\"ExpirationModel\":"
            + "\"KEY_MATERIAL_DOES_NOT_EXPIRE\",\"ImportToken\":\""
            + Base64.getEncoder().encodeToString(Files.readAllBytes(again[1]))
            + "\"}");
    Run re =
        kms(
            "import-key-material",
            "--cli-input-json",
            "file://" + input,
            "--encrypted-key-material",
            "fileb://" + again[0]);
    assertThat(re.code()).as(re.err()).isZero();
    assertThat(
            kms(
                    "describe-key",
                    "--key-id",
                    keyId,
                    "--query",
                    "KeyMetadata.KeyState",
                    "--output",
                    "text")
                .out())
        .isEqualTo("Enabled\n");
  }

  @Test
  void timestampForms_epochSecondsDateOnlyAndOffset_reachKmsAsTheSameInstant() throws Exception {
    Instant day = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    String[] forms = {
      Long.toString(day.getEpochSecond()),
      day.toString().substring(0, 10),
      day.atZone(ZoneId.of("+02:00")).toOffsetDateTime().toString()
    };
    for (String form : forms) {
      String keyId = createExternalSymmetricKey();
      Path[] files = wrapMaterial(keyId, material());
      Run r =
          kms(
              "import-key-material",
              "--key-id",
              keyId,
              "--import-token",
              "fileb://" + files[1],
              "--encrypted-key-material",
              "fileb://" + files[0],
              "--valid-to",
              form);
      assertThat(r.code()).as(form + ": " + r.err()).isZero();
      Run v =
          kms(
              "describe-key",
              "--key-id",
              keyId,
              "--query",
              "KeyMetadata.ValidTo",
              "--output",
              "text");
      assertThat(v.out())
          .as(form)
          .isEqualTo(Timestamps.isoformat(day, ZoneId.systemDefault()) + "\n");
    }
  }

  @Test
  void serviceErrors_are254_withTheCliMessage_andLeftToTheService() throws Exception {
    String keyId = createExternalSymmetricKey();
    Path[] files = wrapMaterial(keyId, material());
    // The CLI leaves ValidTo with DOES_NOT_EXPIRE to the service, as the real CLI does.
    Run r =
        kms(
            "import-key-material",
            "--key-id",
            keyId,
            "--import-token",
            "fileb://" + files[1],
            "--encrypted-key-material",
            "fileb://" + files[0],
            "--expiration-model",
            "KEY_MATERIAL_DOES_NOT_EXPIRE",
            "--valid-to",
            "2030-01-01");
    assertThat(r.code()).isEqualTo(254);
    assertThat(r.err())
        .startsWith("\nAn error occurred (")
        .contains(") when calling the" + " ImportKeyMaterial operation: ");
    Run badEnum =
        kms(
            "get-parameters-for-import",
            "--key-id",
            keyId,
            "--wrapping-algorithm",
            "RSAES_OAEP_SHA_512",
            "--wrapping-key-spec",
            "RSA_2048");
    assertThat(badEnum.code()).as(badEnum.err()).isEqualTo(254);
    Run missing = kms("describe-key", "--key-id", "1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(missing.code()).isEqualTo(254);
    assertThat(missing.err())
        .startsWith(
            "\nAn error occurred (NotFoundException) when calling"
                + " the DescribeKey operation: ");
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void createKey_takesEveryOptionForm() {
    Run r =
        kms(
            "create-key",
            "--origin",
            "EXTERNAL",
            "--key-spec",
            "HMAC_256",
            "--key-usage",
            "GENERATE_VERIFY_MAC",
            "--description",
            "hmac key",
            "--tags",
            "TagKey=team,TagValue=pki",
            "TagKey=env,TagValue=it",
            "--no-multi-region",
            "--bypass-policy-lockout-safety-check",
            "--query",
            "KeyMetadata.[KeySpec,KeyUsage,Origin,Description,MultiRegion,KeyState]",
            "--output",
            "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo("HMAC_256\tGENERATE_VERIFY_MAC\tEXTERNAL\thmac key\tFalse\tPendingImport\n");
  }

  @Test
  void listKeys_paginatesAutomatically_andMaxItemsGivesANextToken() {
    for (int i = 0; i < 3; i++) {
      createExternalSymmetricKey();
    }
    Run all = kms("list-keys", "--page-size", "1");
    assertThat(all.code()).as(all.err()).isZero();
    JsonNode full = all.json();
    int total = full.get("Keys").size();
    assertThat(total).isGreaterThanOrEqualTo(3);
    assertThat(full.has("Truncated")).isFalse();
    assertThat(full.has("NextMarker")).isFalse();

    Run first = kms("list-keys", "--max-items", "2", "--page-size", "1");
    assertThat(first.json().get("Keys")).hasSize(2);
    String token = first.json().get("NextToken").asText();
    Run rest = kms("list-keys", "--starting-token", token);
    assertThat(rest.json().get("Keys")).hasSize(total - 2);
    assertThat(rest.json().get("Keys").get(0)).isEqualTo(full.get("Keys").get(2));

    Run one = kms("list-keys", "--no-paginate", "--limit", "1");
    assertThat(one.json().get("Keys")).hasSize(1);
    assertThat(one.json().get("Truncated").asBoolean()).isTrue();
  }

  @Test
  void listAliases_and_debugNeverPrintsSecretsOrBlobs() throws Exception {
    String keyId = createExternalSymmetricKey();
    Path[] files = wrapMaterial(keyId, material());
    byte[] token = Files.readAllBytes(files[1]);
    Run r =
        kms(
            "--debug",
            "import-key-material",
            "--key-id",
            keyId,
            "--import-token",
            "fileb://" + files[1],
            "--encrypted-key-material",
            "fileb://" + files[0],
            "--expiration-model",
            "KEY_MATERIAL_DOES_NOT_EXPIRE");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("TrentService.ImportKeyMaterial")
        .contains("Signature=<redacted>")
        .contains("<" + token.length + " bytes, sha256=")
        .doesNotContain("wJalrXUtnFEMI")
        .doesNotContain(Base64.getEncoder().encodeToString(token));
    Run aliases = kms("list-aliases");
    assertThat(aliases.code()).as(aliases.err()).isZero();
    assertThat(aliases.json().has("Aliases")).isTrue();
  }

  @Test
  void importKeyMaterial_outputFormats_printTheCurrentResponse() throws Exception {
    String keyId = createExternalSymmetricKey();
    Path[] files = wrapMaterial(keyId, material());
    Run r =
        kms(
            "import-key-material",
            "--key-id",
            keyId,
            "--import-token",
            "fileb://" + files[1],
            "--encrypted-key-material",
            "fileb://" + files[0],
            "--expiration-model",
            "KEY_MATERIAL_DOES_NOT_EXPIRE",
            "--output",
            "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .matches("arn:aws:kms:us-east-1:111122223333:key/" + keyId + "\t[a-f0-9]{64}\n");
    assertThat(new String(Files.readAllBytes(files[0]), StandardCharsets.ISO_8859_1)).isNotEmpty();
  }

  @Test
  void remainingOptions_reachKms() throws Exception {
    Path policy = dir.resolve("policy.json");
    Files.writeString(
        policy,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
            + "\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
            + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}");
    Run created =
        kms(
            "create-key",
            "--origin",
            "EXTERNAL",
            "--policy",
            "file://" + policy,
            "--key-usage",
            "ENCRYPT_DECRYPT",
            "--key-spec",
            "SYMMETRIC_DEFAULT",
            "--multi-region",
            "--query",
            "KeyMetadata.[KeyId,MultiRegion]",
            "--output",
            "json");
    assertThat(created.code()).as(created.err()).isZero();
    String keyId = created.json().get(0).asText();
    assertThat(created.json().get(1).asBoolean()).isTrue();

    Path[] files = wrapMaterial(keyId, material());
    Run imported =
        kms(
            "import-key-material",
            "--key-id",
            keyId,
            "--import-token",
            "fileb://" + files[1],
            "--encrypted-key-material",
            "fileb://" + files[0],
            "--expiration-model",
            "KEY_MATERIAL_DOES_NOT_EXPIRE",
            "--import-type",
            "NEW_KEY_MATERIAL",
            "--key-material-description",
            "first material");
    assertThat(imported.code()).as(imported.err()).isZero();
    String materialId = imported.json().get("KeyMaterialId").asText();

    Run described =
        kms(
            "describe-key",
            "--key-id",
            keyId,
            "--grant-tokens",
            "token-a",
            "token-b",
            "--query",
            "KeyMetadata.CurrentKeyMaterialId",
            "--output",
            "text");
    assertThat(described.code()).as(described.err()).isZero();
    assertThat(described.out()).isEqualTo(materialId + "\n");

    Run deleted =
        kms("delete-imported-key-material", "--key-id", keyId, "--key-material-id", materialId);
    assertThat(deleted.code()).as(deleted.err()).isZero();
    assertThat(deleted.json().get("KeyId").asText()).endsWith(keyId);

    Run aliases =
        kms("list-aliases", "--key-id", keyId, "--no-paginate", "--limit", "5", "--output", "json");
    assertThat(aliases.code()).as(aliases.err()).isZero();
    assertThat(aliases.json().get("Aliases")).isEmpty();
    createExternalSymmetricKey();
    Run marker = kms("list-keys", "--limit", "1", "--no-paginate");
    String next = marker.json().get("NextMarker").asText();
    Run second = kms("list-keys", "--marker", next, "--limit", "1");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.json().get("Keys").get(0)).isNotEqualTo(marker.json().get("Keys").get(0));
  }

  Run ok(String... args) {
    Run r = kms(args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  @Test
  void rotationCommands_importNewMaterial_listKeyRotations_rotateKeyOnDemand() throws Exception {
    String keyId = createExternalSymmetricKey();
    Path[] first = wrapMaterial(keyId, material());
    String m1 =
        ok(
                "import-key-material",
                "--key-id",
                keyId,
                "--encrypted-key-material",
                "fileb://" + first[0],
                "--import-token",
                "fileb://" + first[1],
                "--expiration-model",
                "KEY_MATERIAL_DOES_NOT_EXPIRE",
                "--key-material-description",
                "first")
            .json()
            .get("KeyMaterialId")
            .asText();
    Path[] second = wrapMaterial(keyId, material());
    String m2 =
        ok(
                "import-key-material",
                "--key-id",
                keyId,
                "--encrypted-key-material",
                "fileb://" + second[0],
                "--import-token",
                "fileb://" + second[1],
                "--expiration-model",
                "KEY_MATERIAL_DOES_NOT_EXPIRE",
                "--import-type",
                "NEW_KEY_MATERIAL")
            .json()
            .get("KeyMaterialId")
            .asText();

    // Paginated like the AWS CLI: --page-size 1 fetches page after page into one list.
    JsonNode all =
        ok(
                "list-key-rotations",
                "--key-id",
                keyId,
                "--include-key-material",
                "ALL_KEY_MATERIAL",
                "--page-size",
                "1")
            .json();
    assertThat(all.get("Rotations")).hasSize(2);
    assertThat(all.get("Rotations").get(0).get("KeyMaterialId").asText()).isEqualTo(m1);
    assertThat(all.get("Rotations").get(1).get("KeyMaterialState").asText())
        .isEqualTo("PENDING_ROTATION");
    assertThat(all.has("Truncated")).isFalse();

    Run rotated = ok("rotate-key-on-demand", "--key-id", keyId);
    assertThat(rotated.json().get("KeyId").asText()).endsWith(keyId);
    assertThat(
            ok(
                    "list-key-rotations",
                    "--key-id",
                    keyId,
                    "--query",
                    "Rotations[].[KeyMaterialId,KeyMaterialState,RotationType]",
                    "--output",
                    "text")
                .out())
        .isEqualTo(m2 + "\tCURRENT\tON_DEMAND\n");
    assertThat(
            ok(
                    "describe-key",
                    "--key-id",
                    keyId,
                    "--query",
                    "KeyMetadata.CurrentKeyMaterialId",
                    "--output",
                    "text")
                .out())
        .isEqualTo(m2 + "\n");

    Run again = kms("rotate-key-on-demand", "--key-id", keyId);
    assertThat(again.code()).isEqualTo(254);
    assertThat(again.err())
        .contains(
            "An error occurred (KMSInvalidStateException) when calling"
                + " the RotateKeyOnDemand operation: No available key material pending rotation");
    Run enable = kms("enable-key-rotation", "--key-id", keyId);
    assertThat(enable.code()).isEqualTo(254);
    assertThat(enable.err()).contains("(UnsupportedOperationException)");

    assertThat(
            ok("delete-imported-key-material", "--key-id", keyId, "--key-material-id", m1)
                .json()
                .get("KeyMaterialId")
                .asText())
        .isEqualTo(m1);
    assertThat(
            ok(
                    "describe-key",
                    "--key-id",
                    keyId,
                    "--query",
                    "KeyMetadata.KeyState",
                    "--output",
                    "text")
                .out())
        .isEqualTo("PendingImport\n");
  }

  @Test
  void taggingPolicyAndDeletionCommands_reachKms() throws Exception {
    String keyId = createExternalSymmetricKey();
    ok(
        "tag-resource",
        "--key-id",
        keyId,
        "--tags",
        "TagKey=ceremony,TagValue=c-7",
        "TagKey=hsm-object,TagValue=01ab");
    ok("untag-resource", "--key-id", keyId, "--tag-keys", "hsm-object", "unknown");
    assertThat(ok("list-resource-tags", "--key-id", keyId, "--output", "text").out())
        .isEqualTo("TAGS\tceremony\tc-7\n");

    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    ok(
        "put-key-policy",
        "--key-id",
        keyId,
        "--policy-name",
        "default",
        "--policy",
        "file://" + policy);
    assertThat(
            ok("get-key-policy", "--key-id", keyId, "--query", "Policy", "--output", "text").out())
        .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[]}\n");
    assertThat(ok("list-key-policies", "--key-id", keyId).json().get("PolicyNames").get(0).asText())
        .isEqualTo("default");

    JsonNode sched =
        ok("schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7").json();
    assertThat(sched.get("KeyState").asText()).isEqualTo("PendingDeletion");
    assertThat(sched.get("PendingWindowInDays").asInt()).isEqualTo(7);
    ok("cancel-key-deletion", "--key-id", keyId);
    assertThat(
            ok(
                    "describe-key",
                    "--key-id",
                    keyId,
                    "--query",
                    "KeyMetadata.KeyState",
                    "--output",
                    "text")
                .out())
        .isEqualTo("PendingImport\n");
  }

  @Test
  void replicateKey_andCryptoCommands_reachKms() throws Exception {
    String mrk =
        ok("create-key", "--multi-region", "--description", "mrk")
            .json()
            .get("KeyMetadata")
            .get("KeyId")
            .asText();
    JsonNode rep =
        ok(
                "replicate-key",
                "--key-id",
                mrk,
                "--replica-region",
                "eu-west-1",
                "--tags",
                "TagKey=side,TagValue=replica")
            .json();
    assertThat(rep.get("ReplicaKeyMetadata").get("Arn").asText())
        .startsWith("arn:aws:kms:eu-west-1:");
    assertThat(rep.get("ReplicaTags").get(0).get("TagValue").asText()).isEqualTo("replica");

    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "attack at dawn");
    String blob =
        ok(
                "encrypt",
                "--key-id",
                mrk,
                "--plaintext",
                "fileb://" + plain,
                "--encryption-context",
                "purpose=it",
                "--query",
                "CiphertextBlob",
                "--output",
                "text")
            .out()
            .trim();
    Path ct = dir.resolve("ct.bin");
    Files.write(ct, Base64.getDecoder().decode(blob));
    // The replica decrypts what the primary encrypted (same key ID, same material).
    String back =
        ok(
                "decrypt",
                "--ciphertext-blob",
                "fileb://" + ct,
                "--encryption-context",
                "purpose=it",
                "--region",
                "eu-west-1",
                "--query",
                "Plaintext",
                "--output",
                "text")
            .out()
            .trim();
    assertThat(new String(Base64.getDecoder().decode(back), StandardCharsets.UTF_8))
        .isEqualTo("attack at dawn");
    JsonNode status = ok("get-key-rotation-status", "--key-id", mrk).json();
    assertThat(status.get("KeyRotationEnabled").asBoolean()).isFalse();
  }

  @Test
  void unimplementedOperation_isAServiceErrorNotInvalidChoice() {
    // Every SDK operation is a command; the local KMS answers those it implements.
    Run r = kms("list-grants", "--key-id", "1234abcd-12ab-34cd-56ef-1234567890ab");
    assertThat(r.code()).isEqualTo(254);
    assertThat(r.err()).doesNotContain("Invalid choice").contains("ListGrants operation");
  }
}
