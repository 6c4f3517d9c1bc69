package dev.keyceremony.ceremony.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code key.rotate}: parsed strictly, with field paths, and only with new material. */
class KeyRotateFieldsTest {
  static final String KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
  @TempDir Path dir;
  ScriptParser parser;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "not really a module");
    parser = new ScriptParser(Clock.fixed(ScriptParserTest.NOW, ZoneOffset.UTC), "r1");
  }

  private String with(String keyBlock) {
    String v = ScriptParserTest.valid();
    int from = v.indexOf("key:\n");
    int to = v.indexOf("material:\n");
    return v.substring(0, from) + "key:\n" + keyBlock + v.substring(to);
  }

  private List<String> problems(String yaml) {
    try {
      parser.parse(yaml, "t.yaml", dir);
    } catch (ScriptException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected problems");
  }

  @Test
  void rotate_parsed_defaultsAndRelativeBundle() {
    CeremonyScript s =
        parser.parse(
            with(
                "  rotate:\n    existing: "
                    + KEY
                    + "\n"
                    + "    material-description: rotation {run}\n    previous-bundle: out/b1\n"),
            "t.yaml",
            dir);
    assertThat(s.key().rotates()).isTrue();
    assertThat(s.key().existing()).isEqualTo(KEY);
    assertThat(s.key().rotate())
        .isEqualTo(new KeyRotate(KEY, true, "rotation r1", dir.resolve("out/b1")));
    CeremonyScript later =
        parser.parse(
            with("  rotate:\n    existing: " + KEY + "\n" + "    rotate-now: false\n"),
            "t.yaml",
            dir);
    assertThat(later.key().rotate().rotateNow()).isFalse();
    assertThat(later.key().rotate().previousBundle()).isNull();
  }

  @Test
  void rotate_badFields_reportedWithPaths() {
    assertThat(
            problems(
                with(
                    "  rotate:\n    existing: alias/x\n    rotate-now: yes please\n"
                        + "    colour: blue\n    material-description: 'bad;desc'\n")))
        .containsExactly(
            "key.rotate.colour: unknown key; allowed here: existing, rotate-now,"
                + " material-description, previous-bundle",
            "key.rotate.existing: 'alias/x' is an alias; GetParametersForImport and"
                + " ImportKeyMaterial accept only a key ID or key ARN (an alias can be moved to"
                + " another key between the check and the import); find the key ID with: aws kms"
                + " describe-key --key-id alias/x --query KeyMetadata.KeyId",
            "key.rotate.rotate-now: 'yes please' is not a boolean; allowed: true, false",
            "key.rotate.material-description: 'bad;desc' is not a KeyMaterialDescription: 1 to 256"
                + " letters, digits, spaces and : / _ . -");
  }

  @Test
  void rotate_withCreateOrExistingMaterial_refused() {
    assertThat(problems(with("  existing: " + KEY + "\n  rotate:\n    existing: " + KEY + "\n")))
        .containsExactly(
            "key.rotate: cannot be given together with key.existing; a rotation"
                + " names its key in key.rotate.existing");
    assertThat(
            problems(
                with("  rotate:\n    existing: " + KEY + "\n")
                    .replace("  generate: payments-{run}", "  existing: payments-1")))
        .containsExactly(
            "material.existing: a rotation (key.rotate) imports new material: use material.generate"
                + " with a new HSM label; to import the same material again use key.existing (or"
                + " ./ceremony reimport BUNDLE)");
  }
}
