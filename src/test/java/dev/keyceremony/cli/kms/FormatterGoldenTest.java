package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output format against golden files written by the AWS CLI's own formatting code
 * (golden/generate.py: awscli text.py and table.py, json.dump, ruamel.yaml), byte for byte.
 */
class FormatterGoldenTest {
  private static final List<String> SAMPLES =
      List.of(
          "DescribeKey.external",
          "DescribeKey.hmac",
          "ListKeys.two",
          "ListKeys.short",
          "ListAliases.mixed",
          "GetParametersForImport.masked",
          "ImportKeyMaterial.current",
          "ImportKeyMaterial.empty",
          "CreateKey.tags",
          "DescribeKey.longtext",
          "DescribeKey.cjk",
          "DescribeKey.breaks");

  static Stream<Arguments> cases() {
    return SAMPLES.stream()
        .flatMap(
            s ->
                Stream.of("json", "text", "table", "yaml", "yaml-stream")
                    .map(f -> Arguments.of(s, f)));
  }

  @ParameterizedTest(name = "{0} --output {1}")
  @MethodSource("cases")
  void output_matchesTheAwsCliByteForByte(String sample, String format) throws IOException {
    JsonNode data = new ObjectMapper().readTree(read(sample + ".input.json"));
    String operation = sample.substring(0, sample.indexOf('.'));
    String actual =
        switch (format) {
          case "json" -> JsonOutput.format(data);
          case "text" -> TextOutput.format(data);
          case "table" -> TableOutput.format(operation, data, 80, false);
          case "yaml" -> data.isEmpty() ? "" : YamlOutput.format(data);
          default -> data.isEmpty() ? "" : YamlOutput.formatStreamItem(data);
        };
    assertThat(actual).isEqualTo(read(sample + "." + format + ".out"));
  }

  private static String read(String name) throws IOException {
    try (InputStream in = FormatterGoldenTest.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
