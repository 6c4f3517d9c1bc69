package dev.keyceremony.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/apt.sh, the helper the ensure-*.sh scripts source, run by the real bash with a
 * recording stand-in for apt-get first on PATH (nothing is installed).
 */
class AptHelperTest {
  private static final Path HELPER = Path.of("scripts", "lib", "apt.sh").toAbsolutePath();

  private record Run(int exit, String out, String err, List<String> aptCalls) {}

  private static Run bash(Path tmp, String script) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path log = tmp.resolve("apt.log");
    Files.writeString(bin.resolve("apt-get"), "#!/bin/bash\necho \"$*\" >> '" + log + "'\n");
    Files.setPosixFilePermissions(
        bin.resolve("apt-get"), PosixFilePermissions.fromString("rwx------"));
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", script)
            .redirectOutput(tmp.resolve("out").toFile())
            .redirectError(tmp.resolve("err").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("HELPER", HELPER.toString());
    pb.environment().remove("KC_APT_UPDATED");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(tmp.resolve("out")),
        Files.readString(tmp.resolve("err")),
        Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of());
  }

  @Test
  void asRoot_updatesOnceForTheWholeRun_thenInstallsEachScriptsPackages(@TempDir Path tmp)
      throws Exception {
    // The parent script installs, then a child script (as ensure-softhsm runs ensure-nss) too.
    Run r =
        bash(
            tmp,
            "id() { echo 0; }; export -f id; . \"$HELPER\"; apt_install one p1 p2;"
                + " bash -c '. \"$HELPER\"; quiet=1; apt_install two --no-install-recommends p3';"
                + " apt_install three");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.aptCalls())
        .containsExactly(
            "-o DPkg::Lock::Timeout=300 update -qq",
            "-o DPkg::Lock::Timeout=300 install -y -qq p1 p2",
            "-o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends p3");
    assertThat(r.out()).isEqualTo("one: installing p1 p2 with apt-get (one time)...\n");
  }

  @Test
  void notRoot_printsTheOneCommandToRun_andExits1_withoutCallingAptGet(@TempDir Path tmp)
      throws Exception {
    Run r = bash(tmp, "id() { echo 1000; }; . \"$HELPER\"; apt_install who a b; echo after");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "Missing: a b. Run 'sudo apt-get install -y a b'" + " (Debian/Ubuntu), then retry.\n");
    assertThat(r.out()).doesNotContain("after");
    assertThat(r.aptCalls()).isEmpty();
  }

  @Test
  void theThreeEnsureScripts_sourceTheHelper_andNoneCallsAptGetItself() throws IOException {
    for (String s :
        List.of(
            "softhsm-config/ensure-softhsm.sh",
            "softhsm-config/ensure-nss.sh",
            "scripts/test/ensure-chromium.sh")) {
      String text = Files.readString(Path.of(s));
      assertThat(text)
          .as(s)
          .contains("lib/apt.sh\"")
          .contains("apt_install ")
          .doesNotContainPattern("(?m)^\\s*apt-get\\b");
    }
  }
}
