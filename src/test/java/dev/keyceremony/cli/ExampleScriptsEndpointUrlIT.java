package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example scripts in ceremony-scripts/, which name a local KMS on port 4599, run against a
 * local KMS on another (ephemeral) port with {@code --endpoint-url}; the transcript records what
 * the script said and what was used. Only the token, its PIN file and the signer label are swapped
 * for the IT token's (the examples' token ceremony-dev is a developer's); the kms section is the
 * example's own.
 */
class ExampleScriptsEndpointUrlIT extends CeremonyItFixture {
  static final String SCRIPT_SAYS = "http://127.0.0.1:4599";

  /** The example with the IT token's hsm lines and signer; fails when the example changes. */
  static Path onItToken(String example) throws Exception {
    String text = Files.readString(ItCeremony.projectDir().resolve("ceremony-scripts/" + example));
    assertThat(text).contains("  endpoint: " + SCRIPT_SAYS);
    String swapped =
        text.replaceAll("(?m)^  token: ceremony-dev.*$", "  token: " + ItCeremony.token())
            .replaceAll(
                "(?m)^  user-pin: file:\\.\\./\\.softhsm/ceremony-dev\\.user\\.pin.*$",
                "  user-pin: file:" + ItCeremony.pinFile("user"))
            .replaceAll("(?m)^  signer: ceremony-signer$", "  signer: " + ItCeremony.SIGNER);
    assertThat(swapped.lines().filter(l -> !l.strip().startsWith("#")))
        .noneMatch(l -> l.contains("ceremony-dev"))
        .anyMatch(l -> l.contains(ItCeremony.SIGNER));
    Path d = Files.createDirectories(dir.resolve("examples-" + ItCeremony.uniq()));
    return Files.writeString(d.resolve(example), swapped);
  }

  @ParameterizedTest
  @ValueSource(strings = {"symmetric.yaml", "hmac.yaml", "ecc-signing.yaml", "multi-region.yaml"})
  void example_runsOnAnotherPort_withEndpointUrl_andTheTranscriptSaysSo(String example)
      throws Exception {
    String ep = kms.endpoint().toString().replaceAll("/$", "");
    assertThat(ep).isNotEqualTo(SCRIPT_SAYS);
    Path script = onItToken(example);
    ItCeremony.Cli r =
        ItCeremony.main(
            "run",
            script.toString(),
            "--non-interactive",
            "--endpoint-url",
            ep,
            "--out",
            script.getParent().resolve("out").toString());
    assertThat(r.exit()).as(r.all()).isZero();

    java.util.List<String> lines = Files.readAllLines(r.bundle().resolve("transcript.jsonl"));
    JsonNode opened = new ObjectMapper().readTree(lines.get(0)).path("data");
    JsonNode o = opened.path(KmsOptions.FACT);
    assertThat(o.path("options").path("--endpoint-url").asText()).isEqualTo(ep);
    assertThat(o.path("script").asText()).contains("local KMS at " + SCRIPT_SAYS);
    assertThat(o.path("used").asText()).contains("local KMS at " + ep);
    assertThat(opened.path("kms").asText()).contains(ep);
    JsonNode sealed = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(sealed.path("type").asText()).isEqualTo("ceremony.sealed");
    String keyId = sealed.path("data").path("keyId").asText();
    assertThat(keyIds()).contains(keyId);
  }

  @org.junit.jupiter.api.Test
  void plan_rsaExample_withEndpointUrl_usesIt() throws Exception {
    String ep = kms.endpoint().toString().replaceAll("/$", "");
    ItCeremony.Cli r =
        ItCeremony.main("plan", onItToken("rsa-signing.yaml").toString(), "--endpoint-url", ep);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            "KMS: local KMS at "
                + ep
                + " (region us-east-1) (command-line"
                + " options; the script says local KMS at "
                + SCRIPT_SAYS)
        .contains("Preflight passed.");
  }

  @org.junit.jupiter.api.Test
  void badEndpointUrl_isInvalidInput_nothingTouched() throws Exception {
    ItCeremony.Cli r =
        ItCeremony.main(
            "run",
            onItToken("symmetric.yaml").toString(),
            "--non-interactive",
            "--endpoint-url",
            "ftp://127.0.0.1:1");
    assertThat(r.exit()).as(r.all()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains("--endpoint-url 'ftp://127.0.0.1:1' is not an http:// or" + " https:// URL");
    ItCeremony.Cli p =
        ItCeremony.main(
            "plan",
            onItToken("symmetric.yaml").toString(),
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--profile",
            "x");
    assertThat(p.exit()).as(p.all()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(p.err()).contains("do not go together");
  }
}
