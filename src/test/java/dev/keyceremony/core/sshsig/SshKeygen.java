package dev.keyceremony.core.sshsig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real OpenSSH ssh-keygen, as a custodian or an auditor would (tests only). */
public final class SshKeygen {
  private SshKeygen() {}

  /** {@code ssh-keygen -t TYPE [-b BITS] -N '' -f DIR/NAME}; returns the private key path. */
  public static Path generate(Path dir, String name, String type, int bits) {
    Path key = dir.resolve(name);
    List<String> cmd =
        new ArrayList<>(
            List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString()));
    if (bits > 0) {
      cmd.add(4, "-b");
      cmd.add(5, String.valueOf(bits));
    }
    run(dir, cmd);
    return key;
  }

  public static String publicLine(Path key) {
    try {
      return Files.readString(Path.of(key + ".pub"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code ssh-keygen -Y sign -n NS -f KEY FILE [-O hashalg=...]}; returns FILE.sig's text. */
  public static String sign(Path key, String namespace, Path file, String... options) {
    List<String> cmd =
        new ArrayList<>(
            List.of("ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", key.toString()));
    for (String o : options) {
      cmd.add("-O");
      cmd.add(o);
    }
    cmd.add(file.toString());
    try {
      Files.deleteIfExists(Path.of(file + ".sig"));
      run(file.getParent(), cmd);
      return Files.readString(Path.of(file + ".sig"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * {@code ssh-keygen -Y verify -f ALLOWED -I IDENTITY -n NS -s SIG < MESSAGE}; returns the exit
   * code and output.
   */
  public static Result verify(
      Path allowedSigners, String identity, String namespace, Path sig, Path message) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                allowedSigners.toString(),
                "-I",
                identity,
                "-n",
                namespace,
                "-s",
                sig.toString())
            .redirectInput(message.toFile())
            .redirectErrorStream(true);
    return exec(pb);
  }

  /** An exit code and the combined output. */
  public record Result(int exitCode, String output) {}

  private static void run(Path dir, List<String> cmd) {
    Result r =
        exec(
            new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed (" + r.exitCode() + "): " + r.output());
    }
  }

  private static Result exec(ProcessBuilder pb) {
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
