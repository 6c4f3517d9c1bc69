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
 * The command table against the AWS CLI's model (an extract of botocore's KMS service-2.json):
 * the SDK carries no "required" trait, so our list must match botocore's; the SDK's members
 * must be the model's (so every CLI option exists); enum skeleton values must be valid.
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

  @Test
  void requiredMembers_matchTheCliModel() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      assertThat(c.required()).as(c.name())
          .containsExactlyElementsOf(strings(m.get(c.operation()).get("required")));
    }
  }

  @Test
  void sdkMembers_areTheCliModelsInputAndOutputMembers() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      assertThat(KmsOperations.inputShape(c.operation())).extracting(MemberShape::name)
          .as(c.name()).containsExactlyElementsOf(strings(m.get(c.operation()).get("members")));
      assertThat(KmsOperations.outputShape(c.operation())).extracting(MemberShape::name)
          .as(c.name()).containsExactlyElementsOf(strings(m.get(c.operation()).get("output")));
    }
  }

  @Test
  void enumSkeletonValues_areTheModelsFirstValues() throws Exception {
    JsonNode m = model();
    for (CommandSpec c : CommandSpec.ALL) {
      JsonNode enums = m.get(c.operation()).get("enums");
      assertThat(c.enumDefaults().keySet()).as(c.name())
          .containsExactlyInAnyOrderElementsOf(() -> enums.fieldNames());
      c.enumDefaults().forEach((k, v) ->
          assertThat(v).as(c.name() + "." + k).isEqualTo(enums.get(k).get(0).asText()));
    }
  }
}
