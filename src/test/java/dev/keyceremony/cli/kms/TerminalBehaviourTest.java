package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto-prompt, pager and table colours, which only apply on a terminal. */
class TerminalBehaviourTest {
  @TempDir Path dir;

  /** A scripted terminal. */
  static final class ScriptedTerminal implements Terminal {
    final Deque<String> answers;
    final List<String> prompts = new ArrayList<>();

    ScriptedTerminal(String... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public boolean interactive() {
      return true;
    }

    @Override
    public int width() {
      return 80;
    }

    @Override
    public String readLine(String prompt) {
      prompts.add(prompt);
      return answers.poll();
    }
  }

  private Map<String, String> env() throws Exception {
    Path c = dir.resolve("config");
    Files.writeString(c, "[default]\nregion = us-east-1\n");
    return new HashMap<>(
        Map.of(
            "AWS_CONFIG_FILE",
            c.toString(),
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.resolve("none").toString()));
  }

  @Test
  void cliAutoPrompt_asksForEachMissingRequiredParameter() throws Exception {
    ScriptedTerminal t = new ScriptedTerminal("k-1", "AA==", "AA==");
    StringWriter out = new StringWriter();
    int code =
        new AwsKmsCli(new PrintWriter(out), new PrintWriter(new StringWriter()), env(), t)
            .run(
                List.of(
                    "import-key-material",
                    "--cli-auto-prompt",
                    "--generate-cli-skeleton",
                    "output"));
    assertThat(code).isZero();
    assertThat(t.prompts)
        .containsExactly("--key-id: ", "--import-token: ", "--encrypted-key-material: ");
  }

  @Test
  void noCliAutoPrompt_orNoTerminal_meansTheUsageError() throws Exception {
    ScriptedTerminal t = new ScriptedTerminal("k-1");
    StringWriter err = new StringWriter();
    int code =
        new AwsKmsCli(new PrintWriter(new StringWriter()), new PrintWriter(err), env(), t)
            .run(List.of("describe-key", "--cli-auto-prompt", "--no-cli-auto-prompt"));
    assertThat(code).isEqualTo(252);
    assertThat(t.prompts).isEmpty();
  }

  @Test
  void pager_receivesTheOutputOnATerminal_unlessNoCliPager() throws Exception {
    Path paged = dir.resolve("paged.txt");
    Map<String, String> env = env();
    env.put("AWS_PAGER", "cat > '" + paged + "'");
    var settings = CommandSpec.PORT.settings(env, null);
    StringWriter out = new StringWriter();
    Pager.show("hello\n", new PrintWriter(out), false, settings, new ScriptedTerminal());
    assertThat(Files.readString(paged)).isEqualTo("hello\n");
    assertThat(out.toString()).isEmpty();
    Pager.show("direct\n", new PrintWriter(out), true, settings, new ScriptedTerminal());
    assertThat(out.toString()).isEqualTo("direct\n");
    env.put("AWS_PAGER", "");
    Pager.show(
        "empty pager\n",
        new PrintWriter(out),
        false,
        CommandSpec.PORT.settings(env, null),
        new ScriptedTerminal());
    assertThat(out.toString()).endsWith("empty pager\n");
  }

  @Test
  void colorOn_stylesRowsAndIndentation_likeColorama() throws Exception {
    var data = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"A\":{\"B\":\"x\"}}");
    String plain = TableOutput.format("Op", data, 80, false);
    String colored = TableOutput.format("Op", data, 80, true);
    assertThat(colored)
        .contains("\u001b[1m\u001b[34mx\u001b[0m")
        .contains("\u001b[2m\u001b[33m|\u001b[0m");
    assertThat(colored.replaceAll("\u001b\\[[0-9]+m", "")).isEqualTo(plain);
  }
}
