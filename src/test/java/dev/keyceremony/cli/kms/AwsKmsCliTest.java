package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages for everything decided before or without a KMS answer. */
class AwsKmsCliTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Map<String, String> env;

  @BeforeEach
  void isolatedConfig() throws Exception {
    Path config = dir.resolve("config");
    Path creds = dir.resolve("credentials");
    Files.writeString(config, "[profile ops]\nregion = eu-west-1\n");
    Files.writeString(creds, "");
    env =
        new HashMap<>(
            Map.of(
                "AWS_CONFIG_FILE",
                config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                creds.toString(),
                "AWS_EC2_METADATA_DISABLED",
                "true"));
  }

  private int run(String... args) {
    return new AwsKmsCli(new PrintWriter(out), new PrintWriter(err), env, Terminal.none())
        .run(List.of(args));
  }

  @Test
  void missingRequiredArgument_is252_withUsage() {
    assertThat(run("import-key-material", "--key-id", "k")).isEqualTo(252);
    assertThat(err.toString())
        .isEqualTo(
            AwsKmsCli.USAGE_BANNER
                + "\nceremony: error: the"
                + " following arguments are required: --import-token, --encrypted-key-material\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void missingFileb_is252_beforeAnyRequest() {
    assertThat(
            run(
                "import-key-material",
                "--key-id",
                "k",
                "--region",
                "us-east-1",
                "--encrypted-key-material",
                "fileb://x.bin",
                "--import-token",
                "AA=="))
        .isEqualTo(252);
    assertThat(err.toString())
        .isEqualTo(
            "\nError parsing parameter '--encrypted-key-material':"
                + " Unable to load paramfile fileb://x.bin: [Errno 2] No such file or directory:"
                + " 'x.bin'\n");
  }

  @Test
  void noRegion_is253() {
    assertThat(run("describe-key", "--key-id", "k")).isEqualTo(253);
    assertThat(err.toString())
        .isEqualTo(
            "\nYou must specify a region. You can also configure"
                + " your region by running \"aws configure\".\n");
  }

  @Test
  void unknownProfile_is253() {
    assertThat(run("describe-key", "--key-id", "k", "--profile", "nope")).isEqualTo(253);
    assertThat(err.toString()).isEqualTo("\nThe config profile (nope) could not be found\n");
  }

  @Test
  void noCredentials_is253() {
    assertThat(
            run(
                "describe-key",
                "--key-id",
                "k",
                "--profile",
                "ops",
                "--endpoint-url",
                "http://127.0.0.1:1"))
        .isEqualTo(253);
    assertThat(err.toString())
        .isEqualTo(
            "\nUnable to locate credentials. You can configure"
                + " credentials by running \"aws configure\".\n");
  }

  @Test
  void nothingListening_is255_namingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    env.put("AWS_MAX_ATTEMPTS", "1");
    assertThat(
            run(
                "describe-key",
                "--key-id",
                "k",
                "--region",
                "us-east-1",
                "--endpoint-url",
                "http://127.0.0.1:" + port,
                "--cli-connect-timeout",
                "2"))
        .isEqualTo(255);
    assertThat(err.toString())
        .startsWith(
            "\nCould not connect to the endpoint URL: \"http://" + "127.0.0.1:" + port + "/\"");
  }

  @Test
  void badEndpointUrl_is252() {
    assertThat(
            run(
                "describe-key",
                "--key-id",
                "k",
                "--region",
                "us-east-1",
                "--endpoint-url",
                "localhost:4599"))
        .isEqualTo(252);
    assertThat(err.toString()).contains("Bad value for --endpoint-url \"localhost:4599\"");
  }

  @Test
  void skeletons_needNoConfiguration() {
    assertThat(run("describe-key", "--generate-cli-skeleton")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "{\n    \"KeyId\": \"\",\n    \"GrantTokens\": [\n" + "        \"\"\n    ]\n}\n");
  }

  @Test
  void outputSkeleton_validatesInputsFirst_thenUsesMemberNames() {
    assertThat(
            run(
                "import-key-material",
                "--generate-cli-skeleton",
                "output",
                "--region",
                "us-east-1",
                "--key-id",
                "k",
                "--import-token",
                "AA==",
                "--encrypted-key-material",
                "AA=="))
        .isZero();
    assertThat(out.toString())
        .isEqualTo("{\n    \"KeyId\": \"KeyId\",\n    \"KeyMaterialId\": \"KeyMaterialId\"\n}\n");
  }

  @Test
  void yamlInputSkeleton_isYaml() {
    assertThat(run("get-parameters-for-import", "--generate-cli-skeleton", "yaml-input")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "KeyId: ''\nWrappingAlgorithm: RSAES_PKCS1_V1_5\n" + "WrappingKeySpec: RSA_2048\n");
  }

  @Test
  void cliInputJson_missingRequiredMember_is252() {
    assertThat(run("describe-key", "--region", "us-east-1", "--cli-input-json", "{}"))
        .isEqualTo(252);
    assertThat(err.toString())
        .isEqualTo(
            "\nParameter validation failed:\nMissing required parameter in input: \"KeyId\"\n");
  }

  @Test
  void version_printsAndExitsZero() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("ceremony/");
  }

  @Test
  void cliBinaryFormat_fromTheProfile_decidesHowInlineBlobsAreRead() throws Exception {
    String[] args = {
      "import-key-material",
      "--generate-cli-skeleton",
      "output",
      "--region",
      "us-east-1",
      "--key-id",
      "k",
      "--import-token",
      "hello",
      "--encrypted-key-material",
      "AA=="
    };
    assertThat(run(args)).isEqualTo(252);
    assertThat(err.toString()).isEqualTo("\nInvalid base64: \"hello\"\n");
    Files.writeString(
        Path.of(env.get("AWS_CONFIG_FILE")), "[default]\ncli_binary_format = raw-in-base64-out\n");
    assertThat(run(args)).isZero();
    assertThat(
            run(
                args[0],
                args[1],
                args[2],
                args[3],
                args[4],
                args[5],
                args[6],
                args[7],
                args[8],
                args[9],
                args[10],
                "--cli-binary-format",
                "base64"))
        .isEqualTo(252);
  }
}
