package dev.keyceremony.cli;

import dev.keyceremony.ceremony.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tool, jar, JVM and OS facts for the first transcript entry. */
final class EnvironmentFacts {
  private EnvironmentFacts() {}

  /**
   * @param scriptDirectory where the script's relative paths resolve ({@code resume} parses the
   *     bundle's copy of the script against it)
   */
  static Map<String, Object> collect(
      String scriptSource, Path scriptDirectory, byte[] scriptBytes) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("name", "kms-key-ceremony");
    tool.put("version", Version.get());
    Path jar = runningJar();
    if (jar != null) {
      tool.put("jar", jar.getFileName().toString());
      m.put("tool", new ToolFacts(tool, jar));
    } else {
      tool.put("jar", "none (running from classes, not a jar)");
      m.put("tool", tool);
    }
    m.put(
        "jvm",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    m.put("host", hostName());
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("osUser", String.valueOf(System.getProperty("user.name")));
    Map<String, Object> script = new LinkedHashMap<>();
    script.put("source", scriptSource);
    script.put("directory", scriptDirectory.toAbsolutePath().normalize().toString());
    if (scriptBytes != null) {
      script.put("sha256", Fingerprint.sha256Hex(scriptBytes));
    }
    m.put("script", script);
    return m;
  }

  /**
   * The machine's name, for the report's "where" (no DNS lookup: /etc/hostname, then $HOSTNAME).
   */
  static String hostName() {
    try {
      String h = Files.readString(Path.of("/etc/hostname")).strip();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: fall through
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "unknown" : env.strip();
  }

  /** The jar this class was loaded from, found through its code source; null when not a jar. */
  static Path runningJar() {
    try {
      var src = Main.class.getProtectionDomain().getCodeSource();
      if (src == null) {
        return null;
      }
      Path p = Path.of(src.getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The tool facts with the jar's SHA-256 hashed on a background thread from the moment they are
   * collected, so that hashing the jar (about 37 MB, most of a second with the launcher's C1-only
   * JIT) overlaps the HSM and KMS connections that come before the first transcript entry. A plain
   * map to its readers: the first read of its entries waits for the hash.
   */
  static final class ToolFacts extends java.util.AbstractMap<String, Object> {
    private final Map<String, Object> known;
    private final java.util.concurrent.CompletableFuture<String> hash =
        new java.util.concurrent.CompletableFuture<>();
    private volatile Map<String, Object> complete;

    ToolFacts(Map<String, Object> known, Path jar) {
      this.known = known;
      Thread t = new Thread(() -> hash.complete(sha256(jar)), "jar-sha256");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public java.util.Set<Map.Entry<String, Object>> entrySet() {
      Map<String, Object> c = complete;
      if (c == null) {
        Map<String, Object> m = new LinkedHashMap<>(known);
        m.put("jarSha256", hash.join());
        c = java.util.Collections.unmodifiableMap(m);
        complete = c;
      }
      return c.entrySet();
    }
  }

  private static String sha256(Path p) {
    try {
      return Fingerprint.sha256Hex(Files.readAllBytes(p));
    } catch (IOException e) {
      return "unreadable (" + e.getClass().getSimpleName() + ")";
    }
  }
}
