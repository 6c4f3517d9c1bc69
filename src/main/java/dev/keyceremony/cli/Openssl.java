package dev.keyceremony.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs stock OpenSSL's signature check on a bundle, when OpenSSL is installed. */
final class Openssl {
  private Openssl() {}

  /** OpenSSL's one-line answer ("Verified OK" / "Verification failure"), or null without it. */
  static String verify(Path bundle) {
    ProcessBuilder pb =
        new ProcessBuilder(
            "openssl",
            "dgst",
            "-sha384",
            "-verify",
            bundle.resolve("signer.pem").toString(),
            "-signature",
            bundle.resolve("transcript.sig").toString(),
            bundle.resolve("transcript.jsonl").toString());
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      p.waitFor();
      return out.lines().findFirst().orElse("");
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
