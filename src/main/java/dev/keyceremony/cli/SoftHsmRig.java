package dev.keyceremony.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs {@code softhsm-config/ensure-softhsm.sh}: installs SoftHSM2 if needed, makes a token. */
final class SoftHsmRig {
  private SoftHsmRig() {}

  /** Returns null when the token is ready, else the script's output explaining why not. */
  static String ensure(Path home, String token) {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            home.resolve("softhsm-config/ensure-softhsm.sh").toString(),
            "--token",
            token,
            "--quiet");
    pb.redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", ProjectHome.softhsmConf(home).toString());
    try {
      Process p = pb.start();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return p.waitFor() == 0 ? null : output.isBlank() ? "ensure-softhsm.sh failed" : output;
    } catch (IOException e) {
      return "could not run ensure-softhsm.sh: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
