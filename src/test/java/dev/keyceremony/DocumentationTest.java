package dev.keyceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README stays a short entry page, and the documentation's relative links lead somewhere: every
 * relative link in README.md and docs/**.md names an existing file, and a {@code #anchor} into a
 * Markdown file names one of its headings (GitHub's heading slugs).
 */
class DocumentationTest {
  static final int README_MAX_BYTES = 16_000;
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  private static Path projectDir() {
    return Path.of(System.getProperty("ceremony.projectDir", ".")).toAbsolutePath().normalize();
  }

  @Test
  void readme_isAtMost16000Bytes() throws IOException {
    long size = Files.size(projectDir().resolve("README.md"));
    assertThat(size)
        .as("README.md size in bytes (the guides and reference live in docs/)")
        .isLessThanOrEqualTo(README_MAX_BYTES);
  }

  @Test
  void everyRelativeLink_inTheReadmeAndDocs_resolves() throws IOException {
    List<Path> files = markdownFiles(projectDir());
    assertThat(files)
        .as("README.md and the guides")
        .contains(
            projectDir().resolve("README.md"),
            projectDir().resolve("docs/guides/custodian-and-operator.md"),
            projectDir().resolve("docs/guides/auditor.md"),
            projectDir().resolve("docs/guides/test-rig-engineer.md"));
    List<String> broken = new ArrayList<>();
    for (Path f : files) {
      broken.addAll(brokenLinks(f));
    }
    assertThat(broken).as("broken relative links").isEmpty();
  }

  @Test
  void theChecker_namesAMissingFile_aMissingAnchor_andAcceptsGoodLinks(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("other.md"),
        "# Other page\n\n## Exit codes: `verify` & co.\n\n" + "## Exit codes: `verify` & co.\n");
    Files.writeString(
        dir.resolve("page.md"),
        String.join(
            "\n",
            "# Page",
            "[ok](other.md) [ok](other.md#other-page) [ok](other.md#exit-codes-verify--co)",
            "[ok](other.md#exit-codes-verify--co-1) [ok](#page) [ok](https://example.com/x.md)",
            "[bad](missing.md) [bad](other.md#no-such-heading) [bad](#nowhere)",
            "`[not a link](inline-code.md)`",
            "```",
            "[not a link](in-a-code-block.md)",
            "```",
            ""));
    assertThat(brokenLinks(dir.resolve("page.md")))
        .containsExactly(
            "page.md: missing.md (no such file)",
            "page.md: other.md#no-such-heading (no such heading)",
            "page.md: #nowhere (no such heading)");
  }

  static List<Path> markdownFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  static List<String> brokenLinks(Path file) throws IOException {
    List<String> broken = new ArrayList<>();
    Path root = projectDir();
    String name = (file.startsWith(root) ? root.relativize(file) : file.getFileName()).toString();
    for (String target : relativeLinks(Files.readString(file, StandardCharsets.UTF_8))) {
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      String anchor = hash < 0 ? "" : target.substring(hash + 1);
      Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
      if (!Files.exists(resolved)) {
        broken.add(name + ": " + target + " (no such file)");
      } else if (!anchor.isEmpty()
          && resolved.toString().endsWith(".md")
          && !anchors(resolved).contains(anchor)) {
        broken.add(name + ": " + target + " (no such heading)");
      }
    }
    return broken;
  }

  /** Link targets outside code blocks and inline code that name no scheme (http:, mailto:, ...). */
  static List<String> relativeLinks(String markdown) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
      while (m.find()) {
        if (!SCHEME.matcher(m.group(1)).find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /** GitHub's heading anchors: lower case, only letters, digits, '_', '-' and spaces, then '-'. */
  static Set<String> anchors(Path md) throws IOException {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(md, StandardCharsets.UTF_8)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) {
        continue;
      }
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(n == 0 ? slug : slug + "-" + n);
    }
    return out;
  }
}
