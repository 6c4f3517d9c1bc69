package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.localkms.LocalKms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code hsm wrap} on the real SoftHSM2 token, for AWS's documented import recipe: the KMS key and
 * its import parameters come from the AWS CLI v2 (/usr/bin/aws) against the local KMS over HTTP,
 * and the AWS CLI imports the output with the seed's command, unchanged apart from {@code
 * --endpoint-url}.
 */
class HsmWrapIT {
  @TempDir static Path dir;
  static LocalKms kms;

  @BeforeAll
  static void start() throws Exception {
    kms = LocalKms.builder().port(0).start();
  }

  @AfterAll
  static void stop() {
    kms.close();
  }

  /** Runs the AWS CLI v2 in {@code cwd}; returns stdout (trimmed); fails on a non-zero exit. */
  static String aws(Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/aws"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--endpoint-url", kms.endpoint().toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    var creds = kms.defaultCredentials();
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", creds.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", creds.secretAccessKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Path err = Files.createTempFile(dir, "aws", ".err");
    Process p = pb.redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + ": " + Files.readString(err)).isZero();
    return out.trim();
  }

  /** A new HSM object, as someone following the recipe would already have. */
  static String hsmObject(KeySpec spec) {
    String label = "hsmwrap-" + ItCeremony.uniq();
    AirGapIT.withToken(s -> s.generate(new GenerateRequest(spec, label, false)));
    return label;
  }

  /** create-key (Origin EXTERNAL) and get-parameters-for-import; returns the key ID. */
  static String kmsKeyWithParameters(Path cwd, String keySpec, String usage, String algorithm)
      throws Exception {
    String keyId =
        aws(
            cwd,
            "kms",
            "create-key",
            "--origin",
            "EXTERNAL",
            "--key-spec",
            keySpec,
            "--key-usage",
            usage,
            "--query",
            "KeyMetadata.KeyId",
            "--output",
            "text");
    // One call: each get-parameters-for-import hands out a new key and token pair.
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                aws(
                    cwd,
                    "kms",
                    "get-parameters-for-import",
                    "--key-id",
                    keyId,
                    "--wrapping-algorithm",
                    algorithm,
                    "--wrapping-key-spec",
                    "RSA_2048",
                    "--output",
                    "json"));
    Files.write(
        cwd.resolve("WrappingPublicKey.bin"),
        Base64.getDecoder().decode(json.path("PublicKey").asText()));
    Files.write(
        cwd.resolve("ImportToken.bin"),
        Base64.getDecoder().decode(json.path("ImportToken").asText()));
    return keyId;
  }

  static ItCeremony.Cli hsmWrap(Path cwd, String label, String algorithm, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "hsm",
                "wrap",
                "--label",
                label,
                "--public-key",
                cwd.resolve("WrappingPublicKey.bin").toString(),
                "--algorithm",
                algorithm,
                "--out",
                cwd.resolve("EncryptedKeyMaterial.bin").toString(),
                "--token",
                ItCeremony.token(),
                "--pin",
                "file:" + ItCeremony.pinFile("user")));
    args.addAll(List.of(more));
    return ItCeremony.main(args.toArray(new String[0]));
  }

  @ParameterizedTest
  @CsvSource({
    "SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, RSAES_OAEP_SHA_1",
    "RSA_2048, SIGN_VERIFY, RSA_AES_KEY_WRAP_SHA_1",
    "HMAC_256, GENERATE_VERIFY_MAC, RSAES_OAEP_SHA_1"
  })
  void hsmWrap_outputImportedByAwsCliV2_keyEnabled(String spec, String usage, String algorithm)
      throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("recipe-" + ItCeremony.uniq()));
    String label = hsmObject(KeySpec.parse(spec));
    String keyId = kmsKeyWithParameters(cwd, spec, usage, algorithm);

    ItCeremony.Cli w = hsmWrap(cwd, label, algorithm);
    assertThat(w.exit()).as(w.all()).isZero();
    assertThat(w.out())
        .contains("self-test, trial wrap")
        .contains("passed")
        .contains("wrote " + cwd.resolve("EncryptedKeyMaterial.bin"));

    // The seed's command, unchanged apart from --endpoint-url.
    String validTo =
        Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
    aws(
        cwd,
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
        validTo);
    assertThat(
            aws(
                cwd,
                "kms",
                "describe-key",
                "--key-id",
                keyId,
                "--query",
                "KeyMetadata.KeyState",
                "--output",
                "text"))
        .isEqualTo("Enabled");
  }

  @Test
  void outExists_refused_fileUnchanged() throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("exists-" + ItCeremony.uniq()));
    String label = hsmObject(KeySpec.SYMMETRIC_DEFAULT);
    kmsKeyWithParameters(cwd, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "RSAES_OAEP_SHA_1");
    Files.writeString(cwd.resolve("EncryptedKeyMaterial.bin"), "older");
    ItCeremony.Cli c = hsmWrap(cwd, label, "RSAES_OAEP_SHA_1");
    assertThat(c.exit()).as(c.all()).isEqualTo(2);
    assertThat(c.err()).contains("already exists").contains("never overwritten");
    assertThat(Files.readString(cwd.resolve("EncryptedKeyMaterial.bin"))).isEqualTo("older");
  }

  @Test
  void badInputs_namedWithNothingWritten() throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("bad-" + ItCeremony.uniq()));
    String label = hsmObject(KeySpec.SYMMETRIC_DEFAULT);
    kmsKeyWithParameters(cwd, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "RSAES_OAEP_SHA_1");
    Path out = cwd.resolve("EncryptedKeyMaterial.bin");
    // An unknown label.
    ItCeremony.Cli none = hsmWrap(cwd, "no-such-" + ItCeremony.uniq(), "RSAES_OAEP_SHA_1");
    assertThat(none.exit()).as(none.all()).isEqualTo(2);
    assertThat(none.err()).contains("no object with this label").contains("hsm list-keys");
    // A --key-spec that is not the object's.
    ItCeremony.Cli spec = hsmWrap(cwd, label, "RSAES_OAEP_SHA_1", "--key-spec", "RSA_2048");
    assertThat(spec.exit()).as(spec.all()).isEqualTo(1);
    assertThat(spec.err())
        .contains("'" + label + "'")
        .contains("RSA_2048")
        .contains("KEY_MISMATCH");
    // The key as base64 text (the CLI's output, not decoded).
    Path b64 = cwd.resolve("key.b64");
    Files.writeString(
        b64,
        Base64.getEncoder()
            .encodeToString(Files.readAllBytes(cwd.resolve("WrappingPublicKey.bin"))));
    ItCeremony.Cli text =
        ItCeremony.main(
            "hsm",
            "wrap",
            "--label",
            label,
            "--public-key",
            b64.toString(),
            "--algorithm",
            "RSAES_OAEP_SHA_1",
            "--out",
            out.toString(),
            "--token",
            ItCeremony.token(),
            "--pin",
            "file:" + ItCeremony.pinFile("user"));
    assertThat(text.exit()).as(text.all()).isEqualTo(2);
    assertThat(text.err()).contains("is not DER").contains("base64 --decode");
    // An algorithm the rig's SoftHSM2 (2.6.1) fails in the self-test: OAEP does SHA-1 only.
    ItCeremony.Cli sha256 = hsmWrap(cwd, label, "RSAES_OAEP_SHA_256");
    assertThat(sha256.exit()).as(sha256.all()).isEqualTo(1);
    assertThat(sha256.err())
        .contains("--algorithm: RSAES_OAEP_SHA_256 failed the token's" + " self-test")
        .contains("[SELF_TEST]")
        .contains("nothing was written");
    assertThat(out).doesNotExist();
  }
}
