package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.keyceremony.kms.sdk.KmsOperations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamDecoderTest {
  @TempDir Path dir;

  private static ObjectNode decode(boolean raw, String... args) {
    ParsedLine l = ArgvParser.parse(List.of(args));
    return new ParamDecoder(raw).decode(l, KmsOperations.inputShape(l.command.operation()));
  }

  private static Instant validTo(String value) {
    ObjectNode n =
        decode(
            false,
            "import-key-material",
            "--key-id",
            "k",
            "--import-token",
            "AA==",
            "--encrypted-key-material",
            "AA==",
            "--valid-to",
            value);
    return (Instant) ((POJONode) n.get("ValidTo")).getPojo();
  }

  @Test
  void fileb_isRawBytes_fileAndInlineAreBase64() throws Exception {
    Path bin = dir.resolve("m.bin");
    Files.write(bin, new byte[] {0, (byte) 0xff, 10});
    Path txt = dir.resolve("t.b64");
    Files.writeString(txt, "AQID\n");
    ObjectNode n =
        decode(
            false,
            "import-key-material",
            "--key-id",
            "k",
            "--encrypted-key-material",
            "fileb://" + bin,
            "--import-token",
            "file://" + txt);
    assertThat(n.get("EncryptedKeyMaterial").binaryValue()).containsExactly(0, 0xff, 10);
    assertThat(n.get("ImportToken").binaryValue()).containsExactly(1, 2, 3);
    ObjectNode inline =
        decode(
            false,
            "import-key-material",
            "--key-id",
            "k",
            "--encrypted-key-material",
            "AQID",
            "--import-token",
            "BAU=");
    assertThat(inline.get("ImportToken").binaryValue()).containsExactly(4, 5);
  }

  @Test
  void rawInBase64Out_takesTextAsItsBytes_butFilebStaysRaw() throws Exception {
    ObjectNode n =
        decode(
            true,
            "import-key-material",
            "--key-id",
            "k",
            "--encrypted-key-material",
            "AQID",
            "--import-token",
            "hello");
    assertThat(n.get("ImportToken").binaryValue())
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(n.get("EncryptedKeyMaterial").binaryValue())
        .isEqualTo("AQID".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void invalidBase64_isTheCliMessage() {
    assertThatThrownBy(
            () ->
                decode(
                    false,
                    "import-key-material",
                    "--key-id",
                    "k",
                    "--encrypted-key-material",
                    "abc",
                    "--import-token",
                    "AA=="))
        .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(252))
        .hasMessage("Invalid base64: \"abc\"");
  }

  @Test
  void missingFileb_isTheCliMessage() {
    assertThatThrownBy(
            () ->
                decode(
                    false,
                    "import-key-material",
                    "--key-id",
                    "k",
                    "--encrypted-key-material",
                    "fileb://x.bin",
                    "--import-token",
                    "AA=="))
        .hasMessage(
            "Error parsing parameter '--encrypted-key-material': Unable to load"
                + " paramfile fileb://x.bin: [Errno 2] No such file or directory: 'x.bin'");
  }

  @Test
  void timestamps_acceptIso8601FormsAndEpochSeconds() {
    Instant t = Instant.parse("2030-01-02T03:04:05Z");
    assertThat(validTo("2030-01-02T03:04:05Z")).isEqualTo(t);
    assertThat(validTo("2030-01-02T03:04:05")).isEqualTo(t);
    assertThat(validTo("2030-01-02T04:04:05+01:00")).isEqualTo(t);
    assertThat(validTo("2030-01-02T04:04:05+0100")).isEqualTo(t);
    assertThat(validTo("2030-01-02 03:04:05")).isEqualTo(t);
    assertThat(validTo("2030-01-02T03:04:05.250Z")).isEqualTo(t.plusMillis(250));
    assertThat(validTo("2030-01-02")).isEqualTo(Instant.parse("2030-01-02T00:00:00Z"));
    assertThat(validTo(Long.toString(t.getEpochSecond()))).isEqualTo(t);
    assertThat(validTo("1893553445.5")).isEqualTo(Instant.parse("2030-01-02T03:04:05.500Z"));
  }

  @Test
  void malformedTimestamp_isBotocoresValidationError() {
    assertThatThrownBy(() -> validTo("next tuesday"))
        .hasMessage(
            "Parameter validation failed:\nInvalid type for parameter ValidTo, value:"
                + " next tuesday, type: <class 'str'>, valid types: <class 'datetime.datetime'>,"
                + " timestamp-string");
  }

  @Test
  void tags_shorthandAndJson_giveTheSameStructures() {
    ObjectNode s =
        decode(false, "create-key", "--tags", "TagKey=a,TagValue=b", "TagKey=c,TagValue=d e");
    ObjectNode j =
        decode(
            false,
            "create-key",
            "--tags",
            "[{\"TagKey\":\"a\",\"TagValue\":\"b\"},{\"TagKey\":\"c\",\"TagValue\":\"d e\"}]");
    assertThat(s.get("Tags")).isEqualTo(j.get("Tags"));
    assertThat(s.get("Tags").get(1).get("TagValue").asText()).isEqualTo("d e");
  }

  @Test
  void integers_andBooleans() {
    ObjectNode n = decode(false, "list-keys", "--limit", "7");
    assertThat(n.get("Limit").asInt()).isEqualTo(7);
    assertThatThrownBy(() -> decode(false, "list-keys", "--limit", "x"))
        .hasMessage(
            "Error parsing parameter '--limit': invalid literal for int() with base 10:" + " 'x'");
    assertThat(decode(false, "create-key", "--no-multi-region").get("MultiRegion").asBoolean())
        .isFalse();
  }

  @Test
  void cliInputJson_givesDefaults_theCommandLineWins_unknownKeysFail() throws Exception {
    Path in = dir.resolve("in.json");
    Files.writeString(in, "{\"KeyId\":\"from-file\",\"GrantTokens\":[\"g\"]}");
    ObjectNode n = decode(false, "describe-key", "--cli-input-json", "file://" + in);
    assertThat(n.get("KeyId").asText()).isEqualTo("from-file");
    assertThat(n.get("GrantTokens").get(0).asText()).isEqualTo("g");
    ObjectNode o =
        decode(false, "describe-key", "--cli-input-json", "file://" + in, "--key-id", "cli");
    assertThat(o.get("KeyId").asText()).isEqualTo("cli");
    assertThatThrownBy(() -> decode(false, "describe-key", "--cli-input-json", "{\"KeyID\":\"x\"}"))
        .hasMessage(
            "Parameter validation failed:\nUnknown parameter in input: \"KeyID\", must"
                + " be one of: KeyId, GrantTokens");
  }

  @Test
  void cliInputYaml_works_andBothAtOnceIsAnError() {
    ObjectNode n = decode(false, "describe-key", "--cli-input-yaml", "KeyId: y\n");
    assertThat(n.get("KeyId").asText()).isEqualTo("y");
    assertThatThrownBy(
            () ->
                decode(
                    false,
                    "describe-key",
                    "--cli-input-yaml",
                    "KeyId: y",
                    "--cli-input-json",
                    "{}"))
        .hasMessage("Cannot specify both --cli-input-json and --cli-input-yaml");
  }

  @Test
  void filePrefix_loadsStringParametersToo() throws Exception {
    Path policy = dir.resolve("p.json");
    Files.writeString(policy, "{\"Version\":\"2012-10-17\"}");
    ObjectNode n = decode(false, "create-key", "--policy", "file://" + policy);
    assertThat(n.get("Policy").asText()).isEqualTo("{\"Version\":\"2012-10-17\"}");
  }
}
