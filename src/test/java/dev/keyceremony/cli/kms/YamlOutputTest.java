package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Top-level values (what --query can leave), against ruamel.yaml 0.17 safe dumps. */
class YamlOutputTest {
  private static String yaml(String json) throws Exception {
    return YamlOutput.format(new ObjectMapper().readTree(json));
  }

  @Test
  void topLevelScalars_endTheDocumentLikeRuamel() throws Exception {
    assertThat(yaml("\"abc\"")).isEqualTo("abc\n...\n");
    assertThat(yaml("\"a b\"")).isEqualTo("a b\n...\n");
    assertThat(yaml("\"2024-01-01T00:00:00+00:00\"")).isEqualTo("'2024-01-01T00:00:00+00:00'\n");
    assertThat(yaml("5")).isEqualTo("5\n...\n");
    assertThat(yaml("true")).isEqualTo("true\n...\n");
    assertThat(yaml("null")).isEqualTo("null\n...\n");
  }

  @Test
  void topLevelCollections() throws Exception {
    assertThat(yaml("[\"a\",\"b\"]")).isEqualTo("- a\n- b\n");
    assertThat(yaml("[]")).isEqualTo("[]\n");
    assertThat(yaml("{}")).isEqualTo("{}\n");
  }
}
