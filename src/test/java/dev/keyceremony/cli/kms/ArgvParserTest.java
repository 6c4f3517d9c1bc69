package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgvParserTest {
  private static ParsedLine parse(String... args) {
    return ArgvParser.parse(List.of(args));
  }

  @Test
  void globalOptions_mayAppearBeforeAndAfterTheCommand() {
    ParsedLine l =
        parse(
            "--region",
            "eu-west-1",
            "describe-key",
            "--key-id",
            "k",
            "--output=table",
            "--debug",
            "--endpoint-url",
            "http://127.0.0.1:1");
    assertThat(l.command.operation()).isEqualTo("DescribeKey");
    assertThat(l.globals.region).isEqualTo("eu-west-1");
    assertThat(l.globals.output).isEqualTo("table");
    assertThat(l.globals.debug).isTrue();
    assertThat(l.globals.endpointUrl).isEqualTo("http://127.0.0.1:1");
    assertThat(l.params).containsEntry("KeyId", List.of("k"));
  }

  @Test
  void everyImportKeyMaterialOption_mapsToItsMember() {
    ParsedLine l =
        parse(
            "import-key-material",
            "--key-id",
            "k",
            "--import-token",
            "fileb://t",
            "--encrypted-key-material",
            "fileb://m",
            "--valid-to",
            "2030-01-01T00:00:00Z",
            "--expiration-model",
            "KEY_MATERIAL_EXPIRES",
            "--import-type",
            "NEW_KEY_MATERIAL",
            "--key-material-description",
            "d",
            "--key-material-id",
            "ab");
    assertThat(l.params.keySet())
        .containsExactly(
            "KeyId",
            "ImportToken",
            "EncryptedKeyMaterial",
            "ValidTo",
            "ExpirationModel",
            "ImportType",
            "KeyMaterialDescription",
            "KeyMaterialId");
  }

  @Test
  void booleans_haveANegativeForm_andListsTakeEveryFollowingValue() {
    ParsedLine l =
        parse(
            "create-key",
            "--multi-region",
            "--tags",
            "TagKey=a,TagValue=b",
            "TagKey=c,TagValue=d",
            "--bypass-policy-lockout-safety-check",
            "--no-multi-region");
    assertThat(l.params)
        .containsEntry("MultiRegion", false)
        .containsEntry("BypassPolicyLockoutSafetyCheck", true)
        .containsEntry("Tags", List.of("TagKey=a,TagValue=b", "TagKey=c,TagValue=d"));
  }

  @Test
  void pagingOptions_existOnlyForPaginatedCommands() {
    ParsedLine l =
        parse(
            "list-keys",
            "--page-size",
            "2",
            "--max-items",
            "3",
            "--starting-token",
            "abc",
            "--no-paginate");
    assertThat(l.pageSize).isEqualTo("2");
    assertThat(l.maxItems).isEqualTo("3");
    assertThat(l.startingToken).isEqualTo("abc");
    assertThat(l.globals.noPaginate).isTrue();
    assertThatThrownBy(() -> parse("describe-key", "--key-id", "k", "--max-items", "3"))
        .hasMessage("Unknown options: --max-items, 3");
  }

  @Test
  void missingValue_isArgparsesError() {
    assertThatThrownBy(() -> parse("describe-key", "--key-id"))
        .isInstanceOfSatisfying(
            CliFailure.class,
            f -> {
              assertThat(f.exitCode()).isEqualTo(252);
              assertThat(f.withUsage()).isTrue();
            })
        .hasMessage("argument --key-id: expected one argument");
    assertThatThrownBy(() -> parse("describe-key", "--key-id", "--debug"))
        .hasMessage("argument --key-id: expected one argument");
  }

  @Test
  void unknownOptions_areListedTogether() {
    assertThatThrownBy(() -> parse("describe-key", "--key-id", "k", "--keyid", "x", "--foo"))
        .hasMessage("Unknown options: --keyid, x, --foo");
  }

  @Test
  void badChoice_listsTheChoicesTwoPerLine() {
    assertThatThrownBy(() -> parse("describe-key", "--key-id", "k", "--output", "xml"))
        .hasMessage(
            "argument --output: Invalid choice, valid choices are:\n\n"
                + String.format(
                        "%-40s | %-40s%n%-40s | %-40s%n%-40s",
                        "json", "text", "table", "yaml", "yaml-stream")
                    .replace("\r", ""));
    assertThatThrownBy(() -> parse("import-key-materials"))
        .hasMessageStartingWith("argument operation: Invalid choice, valid choices are:");
  }

  @Test
  void generateCliSkeleton_defaultsToInput() {
    assertThat(parse("describe-key", "--generate-cli-skeleton").skeleton).isEqualTo("input");
    assertThat(parse("describe-key", "--generate-cli-skeleton", "output").skeleton)
        .isEqualTo("output");
    assertThatThrownBy(() -> parse("describe-key", "--generate-cli-skeleton", "xml"))
        .hasMessageStartingWith("argument --generate-cli-skeleton: Invalid choice");
  }

  @Test
  void negativeNumbers_areValuesNotOptions() {
    assertThat(ArgvParser.looksLikeOption("-5")).isFalse();
    assertThat(ArgvParser.looksLikeOption("--x")).isTrue();
    assertThat(parse("list-keys", "--limit", "-5").params).containsEntry("Limit", List.of("-5"));
  }

  @Test
  void kebabNames_followBotocore() {
    assertThat(KebabNames.of("KeyId")).isEqualTo("key-id");
    assertThat(KebabNames.of("BypassPolicyLockoutSafetyCheck"))
        .isEqualTo("bypass-policy-lockout-safety-check");
    assertThat(KebabNames.of("XksKeyId")).isEqualTo("xks-key-id");
    assertThat(KebabNames.of("CustomerMasterKeySpec")).isEqualTo("customer-master-key-spec");
  }

  @Test
  void uniquePrefixes_standForTheirOption_asArgparseAllows() {
    ParsedLine l =
        parse("--reg", "eu-west-1", "describe-key", "--key-i", "k", "--out=text", "--grant", "g1");
    assertThat(l.globals.region).isEqualTo("eu-west-1");
    assertThat(l.globals.output).isEqualTo("text");
    assertThat(l.params)
        .containsEntry("KeyId", List.of("k"))
        .containsEntry("GrantTokens", List.of("g1"));
    assertThatThrownBy(() -> parse("create-key", "--key", "x"))
        .hasMessage("ambiguous option: --key could match --key-usage, --key-spec");
  }
}
