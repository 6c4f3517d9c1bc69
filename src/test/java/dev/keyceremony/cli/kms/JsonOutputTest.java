package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
  @Test
  void escapes_asPythonsJsonDumpsWithEnsureAsciiFalse() {
    var n = JsonNodeFactory.instance.objectNode().put("A", "x\u001fy\n\"\\/\u00e9");
    // python3 -c 'import json; print(json.dumps({"A": "x\u001fy\n\"\\/é"}, indent=4,
    //   ensure_ascii=False))'
    assertThat(JsonOutput.format(n))
        .isEqualTo("{\n    \"A\": \"x\\u001fy\\n\\\"\\\\/\u00e9\"\n}\n");
  }

  @Test
  void emptyObject_printsNothing_butEmptyListsAndNullsPrint() {
    assertThat(JsonOutput.format(JsonNodeFactory.instance.objectNode())).isEmpty();
    assertThat(JsonOutput.format(JsonNodeFactory.instance.arrayNode())).isEqualTo("[]\n");
    assertThat(JsonOutput.format(JsonNodeFactory.instance.nullNode())).isEqualTo("null\n");
  }
}
