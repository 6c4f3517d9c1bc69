package dev.keyceremony.cli;

import java.nio.file.Path;

/**
 * The project root: $CEREMONY_HOME (the launcher exports it), else the system property {@code
 * ceremony.projectDir} (tests), else the current directory.
 */
final class ProjectHome {
  private ProjectHome() {}

  static Path find() {
    String env = System.getenv("CEREMONY_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String prop = System.getProperty("ceremony.projectDir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }

  static Path softhsmConf(Path home) {
    return home.resolve(".softhsm/softhsm2.conf");
  }
}
