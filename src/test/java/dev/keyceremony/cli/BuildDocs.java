package dev.keyceremony.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (pom: exec-maven-plugin, phase prepare-package), not a test: writes the man pages'
 * AsciiDoc with picocli-codegen's ManPageGenerator into {@code TARGET/man/adoc} (the
 * asciidoctor-maven-plugin turns them into {@code TARGET/man/*.1}), and the bash/zsh completion
 * script with picocli's AutoComplete into {@code TARGET/ceremony_completion}. Both come from the
 * same command model the tool runs with (Main.commandLine), so they cannot drift from it.
 */
public final class BuildDocs {
  private BuildDocs() {}

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    writeManPages(target.resolve("man/adoc"));
    writeCompletion(target.resolve("ceremony_completion"));
  }

  static void writeManPages(Path dir) throws IOException {
    Files.createDirectories(dir);
    CommandLine cl = Main.commandLine();
    int rc =
        ManPageGenerator.generateManPage(
            dir.toFile(), null, new boolean[0], true, cl.getCommandSpec());
    if (rc != 0) {
      throw new IOException("ManPageGenerator exited " + rc);
    }
  }

  static void writeCompletion(Path file) throws IOException {
    Files.writeString(
        file, AutoComplete.bash("ceremony", Main.commandLine()), StandardCharsets.UTF_8);
    file.toFile().setExecutable(false);
    new File(file.toString()).setReadable(true);
  }
}
