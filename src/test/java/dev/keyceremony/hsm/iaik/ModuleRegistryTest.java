package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleRegistryTest {
  @Test
  void initialiseHint_namesAMissingSoftHsmConfAndTheFix() {
    assertThat(ModuleRegistry.initialiseHint("/no/such/softhsm2.conf"))
        .contains("SOFTHSM2_CONF=/no/such/softhsm2.conf does not exist")
        .contains("ensure-softhsm.sh");
  }

  @Test
  void initialiseHint_withAReadableConf_pointsAtTheModuleConfiguration(@TempDir Path dir)
      throws Exception {
    Path conf = Files.writeString(dir.resolve("softhsm2.conf"), "directories.tokendir = /x\n");
    assertThat(ModuleRegistry.initialiseHint(conf.toString()))
        .doesNotContain("does not exist")
        .contains("configuration");
    assertThat(ModuleRegistry.initialiseHint(null)).contains("configuration");
  }

  @Test
  void initialiseHint_forNss_namesInitArgsWhenMissing_andTheDatabaseWhenGiven() {
    String nss = "/usr/lib/x86_64-linux-gnu/libsoftokn3.so";
    assertThat(ModuleRegistry.initialiseHint(nss, null, null))
        .contains("needs its database in the init-args")
        .contains("--init-args")
        .contains("hsm.init-args")
        .contains("ensure-nss.sh");
    assertThat(ModuleRegistry.initialiseHint(nss, "configdir='sql:/x'", null))
        .contains("configdir must name an existing NSS database")
        .contains("configdir='sql:/x'");
    assertThat(ModuleRegistry.initialiseHint("/usr/lib/softhsm/libsofthsm2.so", "x=1", null))
        .contains("rejected the init-args")
        .contains("drop --init-args");
  }
}
