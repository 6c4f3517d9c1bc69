package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShorthandTest {
  @Test
  void keyValuePairs_listsAndNesting() {
    assertThat(Shorthand.parse("TagKey=k,TagValue=v").toString())
        .isEqualTo("{\"TagKey\":\"k\",\"TagValue\":\"v\"}");
    assertThat(Shorthand.parse("a=1,2,3,b=x").toString())
        .isEqualTo("{\"a\":[\"1\",\"2\",\"3\"],\"b\":\"x\"}");
    assertThat(Shorthand.parse("a=[x,y],b={c=d}").toString())
        .isEqualTo("{\"a\":[\"x\",\"y\"],\"b\":{\"c\":\"d\"}}");
    assertThat(Shorthand.parse("a=\"x,y\",b='z=1'").toString())
        .isEqualTo("{\"a\":\"x,y\",\"b\":\"z=1\"}");
  }

  @Test
  void malformed_namesWhatWasExpected() {
    assertThatThrownBy(() -> Shorthand.parse("TagKey")).hasMessageContaining("Expected: '='");
  }
}
