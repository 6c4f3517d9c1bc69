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

/** {@code material.id} and {@code material.key-material-id}: what an existing object must be. */
class MaterialFieldsTest {
  static final String MID = "a".repeat(64);
  @TempDir Path dir;
  ScriptParser parser;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "not really a module");
    parser = new ScriptParser(Clock.fixed(ScriptParserTest.NOW, ZoneOffset.UTC), "r1");
  }

  private String with(String material) {
    return ScriptParserTest.valid()
        .replace("material:\n  generate: payments-{run}\n", "material:\n" + material);
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
  void existing_withIdAndKeyMaterialId_parsed() {
    CeremonyScript s =
        parser.parse(
            with("  existing: pay-1\n  id: 0a1b\n  key-material-id: " + MID + "\n"), "t.yaml", dir);
    assertThat(s.material()).isEqualTo(new MaterialSection("pay-1", false, "0a1b", MID));
  }

  @Test
  void generate_withId_refused() {
    assertThat(problems(with("  generate: pay-{run}\n  id: 0a1b\n")))
        .containsExactly(
            "material.id: goes with material.existing only (it names what an existing object must"
                + " be); remove it or use material.existing");
  }

  @Test
  void badIdAndBadKeyMaterialId_refusedWithTheValue() {
    assertThat(problems(with("  existing: pay-1\n  id: 0A1\n")))
        .containsExactly(
            "material.id: '0A1' is not a CKA_ID in lower-case hex (an even number of hex digits, as"
                + " ./ceremony hsm list-keys prints it)");
    assertThat(problems(with("  existing: pay-1\n  key-material-id: abc\n")))
        .containsExactly(
            "material.key-material-id: 'abc' is not a KeyMaterialId (64 lower-case hex digits, as"
                + " ImportKeyMaterial and the transcript's ceremony.sealed entry give it)");
  }
}
