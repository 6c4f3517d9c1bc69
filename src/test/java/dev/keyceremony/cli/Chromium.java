package dev.keyceremony.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, as an auditor's browser would render a report
 * (scripts/test/ensure-chromium.sh).
 */
final class Chromium {
  private Chromium() {}

  /**
   * Runs chromium headless on {@code page} with {@code flags}; returns stdout (e.g. --dump-dom).
   */
  static String run(Path page, Path profile, String... flags)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=2000"));
    cmd.addAll(List.of(flags));
    cmd.add(page.toUri().toString());
    Path outFile = Files.createTempFile(profile.getParent(), "chromium-out", ".txt");
    Path errFile = Files.createTempFile(profile.getParent(), "chromium-err", ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(outFile.toFile())
            .redirectError(errFile.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish in 120 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "chromium exited " + p.exitValue() + ": " + Files.readString(errFile));
    }
    return Files.readString(outFile, StandardCharsets.UTF_8);
  }

  /** Runs a command (pdfinfo, pdftotext) and returns its stdout. */
  static String tool(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
