package dev.keyceremony.cli.kms;

import dev.keyceremony.kms.AwsCliSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * v2's pager: on a terminal, output goes through AWS_PAGER, the profile's cli_pager, PAGER or "less
 * -R"; an empty setting or --no-cli-pager prints directly, as does any non-terminal.
 */
final class Pager {
  private Pager() {}

  static void show(String text, PrintWriter out, boolean noPager, AwsCliSettings s, Terminal t) {
    if (text.isEmpty()) {
      return;
    }
    String pager =
        s.rawEnv("AWS_PAGER")
            .or(() -> s.profileProperty("cli_pager"))
            .or(() -> s.env("PAGER"))
            .orElse("less -R");
    if (noPager || !t.interactive() || pager.isBlank()) {
      out.print(text);
      return;
    }
    try {
      ProcessBuilder pb =
          new ProcessBuilder("sh", "-c", pager)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      // As v2: less quits at once on output shorter than a screen, keeps colours, no init.
      if (s.rawEnv("LESS").isEmpty()) {
        pb.environment().put("LESS", "FRX");
      }
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      p.waitFor();
    } catch (IOException e) {
      out.print(text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
