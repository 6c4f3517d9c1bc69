package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.kms.MemberShape;
import dev.keyceremony.kms.sdk.KmsOperations;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command table against the AWS CLI's model (an extract of botocore's KMS service-2.json and
 * paginators-1.json, made by extract-botocore-kms.py): every operation the AWS CLI offers is a
 * command; the SDK carries no "required" trait, so our list must match botocore's; the SDK's
 * members must be the model's (so every CLI option exists); enum skeleton values and paginated
 * result keys must be botocore's.
 */
class CommandSpecTest {
  private static JsonNode model() throws Exception {
    try (InputStream in = CommandSpecTest.class.getResourceAsStream("botocore-kms-model.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * What botocore 1.43.11 (the extract) has and the pinned AWS SDK for Java 2.40.2 lacks. An SDK
   * upgrade that closes a gap makes this test fail: then shorten the list.
   */
  static final List<String> SDK_GAPS =
      List.of("operation GetKeyLastUsage", "Decrypt.DryRunModifiers", "ReEncrypt.DryRunModifiers");

  private static List<String> operationsOf(JsonNode m) {
    List<String> ops = new ArrayList<>();
    m.fieldNames()
        .forEachRemaining(
            op -> {
              if (!op.startsWith("_")) {
                ops.add(op);
              }
            });
    return ops;
  }

  @Test
  void sdkGaps_areExactlyTheKnownOnes() throws Exception {
    JsonNode m = model();
    List<String> gaps = new ArrayList<>();
    for (String op : operationsOf(m)) {
      if (!KmsOperations.exists(op)) {
        gaps.add("operation " + op);
        continue;
      }
      List<String> sdk = KmsOperations.inputShape(op).stream().map(MemberShape::name).toList();
      for (String member : strings(m.get(op).get("members"))) {
        if (!sdk.contains(member)) {
          gaps.add(op + "." + member);
        }
      }
      List<String> sdkOut = KmsOperations.outputShape(op).stream().map(MemberShape::name).toList();
      for (String member : strings(m.get(op).get("output"))) {
        if (!sdkOut.contains(member)) {
          gaps.add(op + " output " + member);
        }
      }
    }
    assertThat(gaps).containsExactlyInAnyOrderElementsOf(SDK_GAPS);
  }

  @Test
  void commandSet_isEveryOperationOfTheCliModel() throws Exception {
    JsonNode m = model();
    List<String> cli = new ArrayList<>();
    for (String op : operationsOf(m)) {
      if (!SDK_GAPS.contains("operation " + op)) {
        cli.add(KebabNames.of(op));
      }
    }
    assertThat(CommandSpec.ALL)
        .extracting(CommandSpec::name)
        .containsExactlyInAnyOrderElementsOf(cli)
        .contains(
            "schedule-key-deletion",
            "replicate-key",
            "list-key-rotations",
            "rotate-key-on-demand",
            "tag-resource",
            "generate-data-key-pair-without-plaintext",
            "re-encrypt");
  }

  @Test
  void paginatedCommands_useTheCliPaginatorsResultKeys() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      JsonNode key = m.get(c.operation()).get("resultKey");
      assertThat(c.resultKey()).as(c.name()).isEqualTo(key == null ? null : key.asText());
    }
  }

  @Test
  void requiredMembers_matchTheCliModel() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      assertThat(c.required())
          .as(c.name())
          .containsExactlyElementsOf(strings(m.get(c.operation()).get("required")));
    }
  }

  @Test
  void sdkMembers_areTheCliModelsInputAndOutputMembers() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      List<String> members = new ArrayList<>(strings(m.get(c.operation()).get("members")));
      members.removeIf(x -> SDK_GAPS.contains(c.operation() + "." + x));
      assertThat(KmsOperations.inputShape(c.operation()))
          .extracting(MemberShape::name)
          .as(c.name())
          .containsExactlyElementsOf(members);
      assertThat(KmsOperations.outputShape(c.operation()))
          .extracting(MemberShape::name)
          .as(c.name())
          .containsExactlyElementsOf(strings(m.get(c.operation()).get("output")));
    }
  }

  @Test
  void enumSkeletonValues_areTheModelsFirstValues() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      JsonNode enums = m.get(c.operation()).get("enums");
      assertThat(c.enumDefaults().keySet())
          .as(c.name())
          .containsExactlyInAnyOrderElementsOf(() -> enums.fieldNames());
      c.enumDefaults()
          .forEach(
              (k, v) ->
                  assertThat(v).as(c.name() + "." + k).isEqualTo(enums.get(k).get(0).asText()));
    }
  }
}
