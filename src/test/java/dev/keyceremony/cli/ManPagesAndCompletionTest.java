package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build's man pages (AsciiDoc, one per command of the tree) and completion script (every
 * command) come from the model the tool runs with; {@code generate-completion} prints the same
 * script. ManPagesIT checks the troff pages and the script the build left in target/.
 */
class ManPagesAndCompletionTest {
  @TempDir Path dir;

  /** Every command of the tree as ManPageGenerator names its page: "ceremony-hsm-info". */
  static List<String> pageNames() {
    List<String> l = new ArrayList<>();
    walk(Main.commandLine(), l);
    return l;
  }

  private static void walk(CommandLine c, List<String> into) {
    into.add(c.getCommandSpec().qualifiedName("-"));
    c.getSubcommands().values().forEach(s -> walk(s, into));
  }

  @Test
  void manPages_onePerCommand() throws Exception {
    BuildDocs.writeManPages(dir);
    List<String> expected = pageNames();
    assertThat(expected)
        .contains(
            "ceremony",
            "ceremony-run",
            "ceremony-hsm-info",
            "ceremony-transcript-verify",
            "ceremony-kms",
            "ceremony-generate-completion");
    for (String name : expected) {
      Path page = dir.resolve(name + ".adoc");
      assertThat(page).exists();
      assertThat(Files.readString(page)).contains(":doctype: manpage").contains("== Name");
    }
    assertThat(Files.readString(dir.resolve("ceremony-run.adoc"))).contains("--endpoint-url");
  }

  @Test
  void completion_namesEveryTopLevelCommand_andGenerateCompletionPrintsIt() throws Exception {
    BuildDocs.writeCompletion(dir.resolve("ceremony_completion"));
    String script = Files.readString(dir.resolve("ceremony_completion"));
    for (String group : Main.GROUPS) {
      assertThat(script)
          .as(group)
          .containsPattern(
              "(?m)^\\s*local cmds\\d*=.*\\b" + group + "\\b|commands=\"[^\"]*\\b" + group + "\\b");
    }
    StringWriter out = new StringWriter();
    int code =
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "generate-completion");
    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo(script + System.lineSeparator()); // printed with println
  }
}
