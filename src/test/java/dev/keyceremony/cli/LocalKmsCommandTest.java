package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKmsCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void nonLoopbackBind_withoutFlag_exits2WithTheFix() {
    assertThat(run("local-kms", "--port", "0", "--bind", "0.0.0.0")).isEqualTo(2);
    assertThat(err.toString())
        .contains("refusing to bind to non-loopback address 0.0.0.0")
        .contains("--allow-non-loopback");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badCredentialsFile_exits2NamingSectionAndValue(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("creds");
    Files.writeString(
        f, "[rig]\naws_access_key_id=AKIA1\naws_secret_access_key=s\n" + "aws_account_id=abc\n");
    assertThat(run("local-kms", "--port", "0", "--credentials", f.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("section [rig]: aws_account_id must be 12 digits")
        .doesNotContain("aws_secret_access_key=s");
  }

  @Test
  void portInUse_exits2NamingThePortAndTheFix() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      assertThat(run("local-kms", "--port", port)).isEqualTo(2);
      assertThat(err.toString()).contains("cannot start on 127.0.0.1:" + port).contains("--port 0");
    }
  }

  @Test
  void badFaultRate_exits2() {
    assertThat(run("local-kms", "--port", "0", "--fault-throttle-rate", "1.5")).isEqualTo(2);
    assertThat(err.toString()).contains("fault throttle rate must be in [0, 1], got 1.5");
  }
}
