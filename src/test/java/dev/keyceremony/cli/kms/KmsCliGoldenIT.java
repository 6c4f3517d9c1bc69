package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden output of describe-key, list-keys and get-parameters-for-import in every --output format,
 * from a fresh local KMS with a fixed clock, in UTC. Random values (key IDs, dates, the wrapping
 * key, the token) are masked after formatting with strings of the same length, which leaves table
 * layouts unchanged. The golden files come from the AWS CLI's own formatters (golden/generate.py)
 * applied to the masked JSON.
 */
class KmsCliGoldenIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Fixed (dates keep their length: .678 ms prints microseconds) but near real time, because the
  // local KMS checks SigV4 dates against its clock.
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(678);
  private static final Pattern ISO_DATE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
  private static final Pattern BLOB = Pattern.compile("([A-Za-z0-9+/]{200,})(=*)");
  private static LocalKms kms;
  private static TimeZone savedZone;
  private static final Map<String, String> MASKS = new LinkedHashMap<>();
  private static String keyId;

  @BeforeAll
  static void start() throws Exception {
    savedZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    kms =
        LocalKms.builder()
            .port(0)
            .clock(new MutableClock(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO))
            .start();
    JsonNode created =
        JSON.readTree(
            run(
                "create-key",
                "--origin",
                "EXTERNAL",
                "--description",
                "golden key",
                "--output",
                "json"));
    keyId = created.get("KeyMetadata").get("KeyId").asText();
    MASKS.put(keyId, "1234abcd-12ab-34cd-56ef-1234567890ab");
  }

  @AfterAll
  static void stop() {
    kms.close();
    TimeZone.setDefault(savedZone);
  }

  private static String run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", kms.endpoint().toString(), "--region", "us-east-1"));
    Map<String, String> env =
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_CONFIG_FILE",
            "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new AwsKmsCli(new PrintWriter(out), new PrintWriter(err), env, Terminal.none()).run(all);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  private static String mask(String s) {
    for (Map.Entry<String, String> m : MASKS.entrySet()) {
      assertThat(m.getValue()).hasSameSizeAs(m.getKey());
      s = s.replace(m.getKey(), m.getValue());
    }
    // Wrapping keys and tokens are new on every call: same-length runs of "A" keep the layout.
    s = BLOB.matcher(s).replaceAll(m -> "A".repeat(m.group(1).length()) + m.group(2));
    return ISO_DATE.matcher(s).replaceAll("2026-01-02T03:04:05.678000+00:00");
  }

  static Stream<Arguments> cases() {
    return Stream.of("DescribeKey.it", "ListKeys.it", "GetParametersForImport.it")
        .flatMap(
            s ->
                Stream.of("json", "text", "table", "yaml", "yaml-stream")
                    .map(f -> Arguments.of(s, f)));
  }

  @ParameterizedTest(name = "{0} --output {1}")
  @MethodSource("cases")
  void output_matchesGolden(String sample, String format) throws IOException {
    String[] cmd =
        switch (sample) {
          case "DescribeKey.it" -> new String[] {"describe-key", "--key-id", keyId};
          case "ListKeys.it" -> new String[] {"list-keys"};
          default ->
              new String[] {
                "get-parameters-for-import",
                "--key-id",
                keyId,
                "--wrapping-algorithm",
                "RSAES_OAEP_SHA_256",
                "--wrapping-key-spec",
                "RSA_2048",
                // The token's length varies from call to call (and with it the table's widths);
                // the public key's does not. Both are blobs printed the same way.
                "--query",
                "{KeyId: KeyId, PublicKey: PublicKey, ParametersValidTo: ParametersValidTo}"
              };
        };
    List<String> args = new ArrayList<>(List.of(cmd));
    args.addAll(List.of("--output", format));
    String actual = mask(run(args.toArray(String[]::new)));
    if (format.equals("json")) {
      // Kept for regenerating the golden files with golden/generate.py.
      Path rec = Paths.get("target", "it-golden", sample + ".input.json");
      Files.createDirectories(rec.getParent());
      Files.writeString(rec, actual);
    }
    assertThat(actual).isEqualTo(read(sample + "." + format + ".out"));
  }

  private static String read(String name) throws IOException {
    try (InputStream in = KmsCliGoldenIT.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
