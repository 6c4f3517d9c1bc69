package dev.keyceremony.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ceremony} in a separate JVM (the test's class path), so that it can be killed with a
 * real SIGKILL or interrupted with a real SIGINT. Its stderr is read on a thread; {@link
 * #awaitPause} waits for the rig's pause line ({@code -Dkeyceremony.test.pauseAfterEntry=N}).
 */
final class ChildProcess implements AutoCloseable {
  final Process process;
  private final StringBuilder err = new StringBuilder();
  private final StringBuilder out = new StringBuilder();
  private final Thread errReader;
  private final Thread outReader;

  private ChildProcess(Process p) {
    this.process = p;
    this.errReader = drain(p.getErrorStream(), err);
    this.outReader = drain(p.getInputStream(), out);
  }

  static ChildProcess start(List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.keyceremony.cli.Main");
    cmd.addAll(List.of(args));
    return new ChildProcess(new ProcessBuilder(cmd).start());
  }

  private static Thread drain(java.io.InputStream in, StringBuilder sink) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (sink) {
                    sink.append(line).append('\n');
                    sink.notifyAll();
                  }
                }
              } catch (IOException e) {
                // the process died: that is what these tests do
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until the child printed its pause line; false if it ended first or timed out. */
  boolean awaitPause(long timeoutMillis) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    synchronized (err) {
      while (!err.toString().contains("PAUSED after entry")) {
        long left = end - System.currentTimeMillis();
        if (left <= 0 || !process.isAlive()) {
          return err.toString().contains("PAUSED after entry");
        }
        err.wait(Math.min(left, 200));
      }
    }
    return true;
  }

  /** Lets a paused child go on. */
  void proceed() throws IOException {
    OutputStream in = process.getOutputStream();
    in.write('\n');
    in.flush();
  }

  void sigkill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    process.waitFor(30, TimeUnit.SECONDS);
  }

  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child did not end within " + seconds + " s; stderr:\n" + err());
    }
    errReader.join(5000);
    outReader.join(5000);
    return process.exitValue();
  }

  String err() {
    synchronized (err) {
      return err.toString();
    }
  }

  String out() {
    synchronized (out) {
      return out.toString();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
