package dev.keyceremony.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static Secret of(String s) {
    return Secret.adopt(s.toCharArray());
  }

  @Test
  void copyChars_isIndependentOfTheSecret() {
    try (Secret s = of("123456")) {
      char[] first = s.copyChars();
      first[0] = 'X';
      assertThat(s.copyChars()).containsExactly('1', '2', '3', '4', '5', '6');
      assertThat(s.copyChars()).isNotSameAs(s.copyChars());
    }
  }

  @Test
  void copyChars_survivesClosingTheSecret_andTheSecretSurvivesWipingTheCopy() {
    char[] copy;
    try (Secret s = of("123456")) {
      copy = s.copyChars();
      java.util.Arrays.fill(copy, '\0');
      assertThat(text(s)).isEqualTo("123456");
      copy = s.copyChars();
    }
    assertThat(new String(copy)).isEqualTo("123456");
  }

  @Test
  void adopt_takesTheArray_andCloseWipesIt() {
    char[] given = "123456".toCharArray();
    Secret s = Secret.adopt(given);
    assertThat(s.isWiped()).isFalse();
    s.close();
    assertThat(given).containsOnly('\0');
    assertThat(s.isWiped()).isTrue();
  }

  @Test
  void withChars_wipesTheLentCopyWhenTheCallbackReturns() {
    AtomicReference<char[]> lent = new AtomicReference<>();
    try (Secret s = of("123456")) {
      String seen =
          s.withChars(
              c -> {
                lent.set(c);
                return new String(c);
              });
      assertThat(seen).isEqualTo("123456");
      assertThat(lent.get()).containsOnly('\0');
      assertThat(text(s)).isEqualTo("123456");
    }
  }

  @Test
  void withChars_wipesTheLentCopyWhenTheCallbackThrows_andPassesItsCheckedException() {
    AtomicReference<char[]> lent = new AtomicReference<>();
    try (Secret s = of("123456")) {
      assertThatThrownBy(
              () ->
                  s.withChars(
                      c -> {
                        lent.set(c);
                        throw new IOException("device said no");
                      }))
          .isInstanceOf(IOException.class)
          .hasMessage("device said no");
      assertThat(lent.get()).containsOnly('\0');
    }
  }

  @Test
  void aWipedSecret_cannotBeRead_copied_orCompared() {
    Secret s = of("123456");
    s.close();
    try (Secret other = of("123456")) {
      assertThatThrownBy(s::copyChars)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("wiped");
      assertThatThrownBy(() -> s.withChars(String::new)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(s::copy).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.sameAs(other)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> other.sameAs(s)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void copy_isAnIndependentSecret() {
    Secret s = of("123456");
    Secret c = s.copy();
    c.close();
    assertThat(text(s)).isEqualTo("123456");
    try (Secret d = s.copy()) {
      s.close();
      assertThat(text(d)).isEqualTo("123456");
    }
  }

  @Test
  void sameAs_isTrueOnlyForTheSameCharacters() {
    try (Secret a = of("123456");
        Secret same = of("123456");
        Secret last = of("123457");
        Secret first = of("023456");
        Secret prefix = of("12345");
        Secret longer = of("1234567");
        Secret one = of("1");
        Secret nul = Secret.adopt(new char[] {'\0'})) {
      assertThat(a.sameAs(same)).isTrue();
      assertThat(same.sameAs(a)).isTrue();
      assertThat(a.sameAs(a)).isTrue();
      assertThat(a.sameAs(last)).isFalse();
      assertThat(a.sameAs(first)).isFalse();
      assertThat(a.sameAs(prefix)).isFalse();
      assertThat(prefix.sameAs(a)).isFalse();
      assertThat(a.sameAs(longer)).isFalse();
      assertThat(longer.sameAs(a)).isFalse();
      // A shorter secret is not padded with its first character or with NULs into a match.
      assertThat(one.sameAs(of("11"))).isFalse();
      assertThat(nul.sameAs(Secret.adopt(new char[] {'\0', '\0'}))).isFalse();
    }
  }

  @Test
  void sameAs_comparesCharactersAboveTheLowByte() {
    try (Secret a = of("\u0131");
        Secret b = of("\u0031")) {
      assertThat(a.sameAs(b)).isFalse();
    }
  }

  @Test
  void toString_neverShowsTheSecret_beforeOrAfterWiping() {
    Secret s = of("s3cret-pin");
    assertThat(s.toString()).isEqualTo("***").doesNotContain("s3cret");
    assertThat(String.valueOf(s)).isEqualTo("***");
    assertThat(s.copy().toString()).isEqualTo("***");
    s.close();
    assertThat(s.toString()).isEqualTo("***");
  }

  @Test
  void anEmptySecret_isRefused() {
    assertThatThrownBy(() -> Secret.adopt(new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Secret.adopt(null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String text(Secret s) {
    return s.withChars(String::new);
  }
}
