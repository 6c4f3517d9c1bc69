package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.arch.ConstantPool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and option a fix hint names exists. The hints are the string constants of the
 * compiled classes of ceremony, workflow, cli, hsm and kms (javac folds literal concatenations into
 * one constant, and keeps the literal parts of the others in the concatenation recipe, with \u0001
 * where a value goes); each {@code ceremony CMD [SUB] ... --option} is checked against picocli's
 * model of the command line ({@code ceremony kms} against its own help), and every other {@code
 * --option} must be an option of some command.
 */
class FixHintOptionsTest {
  static final Pattern COMMAND =
      Pattern.compile("\\./ceremony ([a-z][a-z0-9-]*)(?: ([a-z][a-z0-9-]*))?([^;:()\"'\\n]*)");
  static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*[a-z0-9]");
  static final List<String> PACKAGES = List.of("ceremony", "workflow", "cli", "hsm", "kms");

  record Hint(String cls, String text) {}

  static List<Hint> hints() throws Exception {
    Path root =
        Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/keyceremony");
    List<Hint> l = new ArrayList<>();
    for (String p : PACKAGES) {
      try (Stream<Path> s = Files.walk(root.resolve(p))) {
        s.filter(f -> f.toString().endsWith(".class"))
            .forEach(
                f -> {
                  try {
                    for (String u : ConstantPool.read(Files.readAllBytes(f)).utf8) {
                      if (u.contains("--") || u.contains("ceremony ")) {
                        l.add(new Hint(root.relativize(f).toString(), u));
                      }
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
    return l;
  }

  @Test
  void everyCommandAndOptionInAFixHint_exists() throws Exception {
    List<Hint> hints = hints();
    assertThat(hints.stream().filter(h -> COMMAND.matcher(h.text()).find()).count())
        .as("hints naming a command were found")
        .isGreaterThan(30);
    assertThat(wrong(hints)).isEmpty();
  }

  @Test
  void madeUpHints_areCaught() {
    assertThat(
            wrong(
                List.of(
                    new Hint("cli/X.class", "run ./ceremony rnu SCRIPT"),
                    new Hint("cli/X.class", "give ./ceremony run SCRIPT --pin file:p"),
                    new Hint("workflow/X.class", "see ./ceremony hsm info --no-such-option; then"),
                    new Hint("cli/X.class", "use --no-such-option"),
                    new Hint("hsm/X.class", "Check the PIN source (--pin prompt)"),
                    new Hint("kms/X.class", "check --query-everything"))))
        .hasSize(7); // the last one twice: no command has it, and run has not
    assertThat(
            wrong(
                List.of(
                    new Hint("hsm/X.class", "--pin file:p (hsm.user-pin in a script)"),
                    new Hint("cli/X.class", "./ceremony transcript verify B --trust F"))))
        .isEmpty();
  }

  static List<String> wrong(List<Hint> hints) {
    CommandLine cl = Main.commandLine();
    Set<String> anyOption = new TreeSet<>();
    collect(cl, anyOption);
    anyOption.addAll(kmsOptions());
    Set<String> runOptions = cl.getSubcommands().get("run").getCommandSpec().optionsMap().keySet();
    List<String> wrong = new ArrayList<>();
    for (Hint h : hints) {
      String rest = h.text();
      Matcher m = COMMAND.matcher(h.text());
      while (m.find()) {
        CommandLine c = cl.getSubcommands().get(m.group(1));
        if (c == null) {
          wrong.add(h.cls() + ": no command 'ceremony " + m.group(1) + "' in: " + h.text());
          continue;
        }
        String tail = (m.group(2) == null ? "" : m.group(2)) + m.group(3);
        if (m.group(1).equals("kms")) {
          String help = kmsHelp(m.group(2));
          for (String o : options(m.group(3))) {
            if (!help.contains(o) && !KMS_GLOBAL.contains(o)) {
              wrong.add(
                  h.cls() + ": 'ceremony kms " + m.group(2) + "' has no " + o + " in: " + h.text());
            }
          }
          rest = rest.replace(m.group(), "");
          continue;
        }
        if (m.group(2) != null && c.getSubcommands().containsKey(m.group(2))) {
          c = c.getSubcommands().get(m.group(2));
          tail = m.group(3);
        } else if (m.group(2) != null && !c.getSubcommands().isEmpty()) {
          wrong.add(
              h.cls()
                  + ": no command 'ceremony "
                  + m.group(1)
                  + " "
                  + m.group(2)
                  + "' in: "
                  + h.text());
        }
        Map<String, CommandLine.Model.OptionSpec> opts = c.getCommandSpec().optionsMap();
        for (String o : options(tail)) {
          if (!opts.containsKey(o)) {
            wrong.add(
                h.cls()
                    + ": '"
                    + c.getCommandSpec().qualifiedName()
                    + "' has no "
                    + o
                    + " in: "
                    + h.text());
          }
        }
        rest = rest.replace(m.group(), "");
      }
      if (h.text().contains(":root {")) {
        continue; // the plan's HTML style sheet: CSS custom properties
      }
      for (String o : options(rest)) {
        if (!anyOption.contains(o) && !h.cls().startsWith("cli/kms/") && !FOREIGN.contains(o)) {
          wrong.add(h.cls() + ": no command has " + o + " in: " + h.text());
        }
        // The ports' messages reach run and plan too: an option there must exist on run, or the
        // hint must also name the script field that run uses instead.
        boolean port = h.cls().startsWith("hsm/") || h.cls().startsWith("kms/");
        if (port
            && !runOptions.contains(o)
            && (SCRIPT_FIELD.get(o) == null || !h.text().contains(SCRIPT_FIELD.get(o)))) {
          wrong.add(
              h.cls()
                  + ": "
                  + o
                  + " is not an option of run, and the hint does not name"
                  + " the script field run uses ("
                  + SCRIPT_FIELD.get(o)
                  + ") in: "
                  + h.text());
        }
      }
    }
    return wrong;
  }

  static final Set<String> KMS_GLOBAL =
      Set.of(
          "--endpoint-url",
          "--region",
          "--profile",
          "--output",
          "--query",
          "--debug",
          "--no-paginate",
          "--cli-input-json",
          "--cli-input-yaml",
          "--generate-cli-skeleton",
          "--no-cli-pager",
          "--cli-binary-format",
          "--no-verify-ssl",
          "--starting-token",
          "--page-size",
          "--max-items",
          "--color",
          "--ca-bundle",
          "--cli-read-timeout",
          "--cli-connect-timeout",
          "--no-sign-request",
          "--cli-auto-prompt",
          "--no-cli-auto-prompt");

  /** Options of other programs that hints quote: base64, softhsm-config/ensure-softhsm.sh. */
  static final Set<String> FOREIGN = Set.of("--decode", "--quiet");

  /** What run takes from the script where an hsm command takes an option. */
  static final Map<String, String> SCRIPT_FIELD =
      Map.of(
          "--pin",
          "hsm.user-pin",
          "--token",
          "hsm.token",
          "--token-uri",
          "hsm.token",
          "--module",
          "hsm.module",
          "--so-pin",
          "hsm.so-pin",
          "--init-args",
          "hsm.init-args");

  static List<String> options(String s) {
    List<String> l = new ArrayList<>();
    Matcher m = OPTION.matcher(s);
    while (m.find()) {
      l.add(m.group());
    }
    return l;
  }

  static void collect(CommandLine c, Set<String> into) {
    into.addAll(c.getCommandSpec().optionsMap().keySet());
    c.getSubcommands().values().forEach(s -> collect(s, into));
  }

  static String kmsHelp(String command) {
    StringWriter o = new StringWriter();
    Main.run(
        new PrintWriter(o),
        new PrintWriter(new StringWriter()),
        "kms",
        command == null ? "help" : command,
        "help");
    return o.toString();
  }

  static Set<String> kmsOptions() {
    Set<String> s = new TreeSet<>(KMS_GLOBAL);
    for (String c :
        List.of(
            "import-key-material",
            "get-parameters-for-import",
            "create-key",
            "describe-key",
            "delete-imported-key-material",
            "list-keys",
            "list-aliases")) {
      s.addAll(options(kmsHelp(c)));
    }
    return s;
  }
}
