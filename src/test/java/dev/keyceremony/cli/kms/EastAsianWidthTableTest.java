package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed East Asian Width table is what {@link EastAsianWidthTableGenerator} makes. To
 * regenerate it (after changing the pinned ICU4J): {@code mvn -B -o -Dtest=EastAsianWidthTableTest
 * -Deaw.update=true test}, then review and commit the diff.
 */
class EastAsianWidthTableTest {
  private static final Path BASE = Path.of(System.getProperty("basedir", "."));

  @Test
  void theCommittedTable_isWhatTheGeneratorProduces() throws IOException {
    if (Boolean.getBoolean("eaw.update")) {
      EastAsianWidthTableGenerator.write(BASE);
    }
    String committed =
        Files.readString(BASE.resolve(EastAsianWidthTableGenerator.TABLE), StandardCharsets.UTF_8);
    assertThat(committed)
        .as(
            "%s differs from the generator's output; regenerate it with"
                + " mvn -B -o -Dtest=EastAsianWidthTableTest -Deaw.update=true test",
            EastAsianWidthTableGenerator.TABLE)
        .isEqualTo(EastAsianWidthTableGenerator.generate());
  }

  @Test
  void theTable_isMadeFromUnicode14_theVersionOfThePythonTheAwsCliWasCheckedAgainst() {
    assertThat(EastAsianWidthTableGenerator.unicodeVersion()).isEqualTo("14.0.0");
  }

  @Test
  void isWide_agreesWithTheGeneratorOnEveryCodePoint() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (EastAsianWidth.isWide(cp) != EastAsianWidthTableGenerator.wide(cp)) {
        throw new AssertionError(
            String.format(
                "U+%04X: table says %s, ICU4J %s",
                cp, EastAsianWidth.isWide(cp), EastAsianWidthTableGenerator.wide(cp)));
      }
    }
  }

  @Test
  void knownWidths() {
    assertThat(EastAsianWidth.isWide('A')).isFalse(); // Na
    assertThat(EastAsianWidth.isWide('\u00e7')).isFalse(); // N
    assertThat(EastAsianWidth.isWide('\u00b1')).isTrue(); // A
    assertThat(EastAsianWidth.isWide('\u4e2d')).isTrue(); // W
    assertThat(EastAsianWidth.isWide('\uff21')).isTrue(); // F
    assertThat(EastAsianWidth.isWide('\uff61')).isFalse(); // H
    assertThat(EastAsianWidth.isWide(0x0378)).isTrue(); // unassigned: F in Python
    assertThat(EastAsianWidth.isWide(0x1f600)).isTrue(); // W (emoji)
  }
}
