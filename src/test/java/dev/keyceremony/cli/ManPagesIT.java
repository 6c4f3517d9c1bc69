package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the build left in target/ (phase prepare-package, before the ITs): a troff man page per
 * command that man(1) renders, and a completion script that real bash completes with.
 */
class ManPagesIT {
  static final Path TARGET = ItCeremony.projectDir().resolve("target");

  @Test
  void manPage_perCommand_rendersWithMan() throws Exception {
    for (String name : ManPagesAndCompletionTest.pageNames()) {
      Path page = TARGET.resolve("man/" + name + ".1");
      assertThat(page).exists();
      assertThat(Files.readString(page))
          .startsWith("'\\\" t")
          .contains(
              ".TH \"" + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" \"1\"");
    }
    Process p =
        new ProcessBuilder("man", "-l", TARGET.resolve("man/ceremony-run.1").toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(text).isZero();
    assertThat(text.replaceAll(".\b", "")).contains("SYNOPSIS").contains("--endpoint-url");
  }

  @Test
  void completionScript_completesInRealBash() throws Exception {
    Path script = TARGET.resolve("ceremony_completion");
    assertThat(script).exists();
    String probe =
        "source "
            + script
            + "; COMP_WORDS=(ceremony ru); COMP_CWORD=1;"
            + " COMP_LINE='ceremony ru'; COMP_POINT=11; _complete_ceremony ceremony ru ceremony;"
            + " echo \"${COMPREPLY[@]}\"; COMP_WORDS=(ceremony hsm ''); COMP_CWORD=2;"
            + " COMP_LINE='ceremony hsm '; COMP_POINT=13; _complete_ceremony ceremony '' hsm;"
            + " echo \"${COMPREPLY[@]}\"";
    Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    String[] lines = out.strip().split("\n");
    assertThat(lines[lines.length - 2].split(" ")).contains("run");
    assertThat(lines[lines.length - 1].split(" "))
        .contains("info", "list-keys", "wrap", "create-signer");
  }
}
