package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ceremony kms} side by side with the AWS CLI v2 (/usr/bin/aws): {@code --help}/{@code -h}
 * anywhere (its first-pass parser's usage on stdout, exit 0), {@code help} as a word (exit 0, the
 * same SYNOPSIS), and a mistyped command (252, the same "maybe you meant").
 */
class KmsHelpAndTyposIT {
  record Result(int exit, String out, String err) {}

  static Result aws(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/aws", "kms"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("AWS_PAGER", "");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("COLUMNS", "80");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out, err);
  }

  static Result ours(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    List<String> a = new ArrayList<>(List.of("kms"));
    a.addAll(List.of(args));
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), a.toArray(new String[0]));
    return new Result(code, o.toString(), e.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "describe-key --help",
        "-h",
        "list-keys --output json --hel",
        "import-key-material --key-id k --help",
        "--help describe-key"
      })
  void dashHelp_isTheFirstPassUsage_exit0_likeTheAwsCli(String line) throws Exception {
    Result a = aws(line.split(" "));
    Result c = ours(line.split(" "));
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(c.exit()).isEqualTo(a.exit());
    assertThat(c.out()).isEqualTo(a.out().replace("usage: aws ", "usage: ceremony "));
  }

  @ParameterizedTest
  // Not import-key-material or delete-imported-key-material: the SDK's model is newer than this
  // CLI (2.9.19) and has members it lacks (--key-material-id, --import-type).
  @ValueSource(
      strings = {
        "describe-key",
        "list-keys",
        "get-parameters-for-import",
        "list-aliases",
        "create-key"
      })
  void helpWord_exit0_andTheSameSynopsis(String command) throws Exception {
    Result a = aws(command, "help");
    Result c = ours(command, "help");
    assertThat(a.exit()).isZero();
    assertThat(c.exit()).isZero();
    assertThat(synopsis(c.out())).isSubsetOf(synopsis(a.out().replaceAll(".\b", "")));
    assertThat(synopsis(c.out()))
        .contains(command, "[--generate-cli-skeleton <value>]", "[--endpoint-url <value>]");
  }

  /** The SYNOPSIS lines, trimmed (the AWS CLI renders through groff: overstrikes removed). */
  static List<String> synopsis(String page) {
    List<String> l = new ArrayList<>();
    boolean in = false;
    for (String line : page.split("\n")) {
      String t = line.strip();
      if (t.equals("SYNOPSIS")) {
        in = true;
      } else if (t.equals("OPTIONS")) {
        break;
      } else if (in && !t.isEmpty()) {
        l.add(t);
      }
    }
    return l;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "describe-kye",
        "creat-key",
        "list-key",
        "deccrypt",
        "generate-dat-key",
        "import-key"
      })
  void typo_getsTheAwsClisSuggestions_exit252(String typo) throws Exception {
    Result a = aws(typo);
    Result c = ours(typo);
    assertThat(a.exit()).isEqualTo(252);
    assertThat(c.exit()).isEqualTo(252);
    assertThat(suggestions(c.err())).isEqualTo(suggestions(a.err()));
  }

  static String suggestions(String err) {
    int i = err.indexOf("Invalid choice: '");
    return i < 0 ? "(none)" : err.substring(i).strip();
  }
}
