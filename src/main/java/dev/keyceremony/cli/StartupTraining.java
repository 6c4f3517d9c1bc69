package dev.keyceremony.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.transcript.TranscriptSigner;
import dev.keyceremony.transcript.TranscriptWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run behind the launcher's class-data-sharing archive: {@code ./ceremony} runs this
 * once after each build with {@code -XX:ArchiveClassesAtExit}, so that later runs map the classes
 * it used from the archive instead of loading and verifying them from the jar. It exercises the
 * start-up paths of the common commands in one JVM, against an in-process local KMS and a scratch
 * directory, and touches nothing else: {@code kms create-key/describe-key}, {@code plan} of the
 * symmetric example (session objects only, no token objects), {@code transcript verify} of a bundle
 * it writes with a throwaway software key; then it loads (without initialising) every class of the
 * tool itself. Failures are ignored: a missing HSM only means fewer archived classes. Not a user
 * command.
 */
public final class StartupTraining {
  private StartupTraining() {}

  /** Arguments: a scratch directory; the project home comes from CEREMONY_HOME. */
  public static void main(String[] args) throws Exception {
    Path scratch = Path.of(args[0]);
    Files.createDirectories(scratch);
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    try (LocalKms kms = LocalKms.builder().port(0).start()) {
      String ep = kms.endpoint().toString();
      StringWriter created = new StringWriter();
      Main.run(
          new PrintWriter(created),
          sink,
          "kms",
          "create-key",
          "--endpoint-url",
          ep,
          "--region",
          "us-east-1");
      String keyId = "alias/none";
      try {
        keyId =
            new ObjectMapper()
                .readTree(created.toString())
                .path("KeyMetadata")
                .path("KeyId")
                .asText(keyId);
      } catch (IOException ignored) {
        // Train the error path then.
      }
      Main.run(
          sink,
          sink,
          "kms",
          "describe-key",
          "--key-id",
          keyId,
          "--endpoint-url",
          ep,
          "--region",
          "us-east-1");
      quietly(() -> plan(scratch, ep, sink));
    }
    quietly(() -> transcript(scratch, sink));
    loadOwnClasses();
  }

  private static void plan(Path scratch, String endpoint, PrintWriter sink) throws IOException {
    String home = System.getenv("CEREMONY_HOME");
    if (home == null) {
      return;
    }
    Path example = Path.of(home, "ceremony-scripts", "symmetric.yaml");
    if (!Files.exists(example)) {
      return;
    }
    String script =
        Files.readString(example, StandardCharsets.UTF_8)
            .replace("file:../.softhsm/", "file:" + Path.of(home, ".softhsm") + "/")
            .replace("out: ../ceremony-out", "out: " + scratch.resolve("out"))
            .replaceAll("endpoint: http://\\S+", "endpoint: " + endpoint);
    Path copy = scratch.resolve("training.yaml");
    Files.writeString(copy, script, StandardCharsets.UTF_8);
    Main.run(sink, sink, "plan", copy.toString());
  }

  private static void transcript(Path scratch, PrintWriter sink) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair pair = g.generateKeyPair();
    TranscriptSigner signer =
        new TranscriptSigner() {
          @Override
          public byte[] publicKeySpki() {
            return pair.getPublic().getEncoded();
          }

          @Override
          public byte[] sign(byte[] data) {
            try {
              Signature s = Signature.getInstance("SHA384withECDSA");
              s.initSign(pair.getPrivate());
              s.update(data);
              return s.sign();
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException(e);
            }
          }
        };
    Path dir = scratch.resolve("bundle");
    TranscriptWriter w = TranscriptWriter.create(dir, "training-1", signer, Clock.systemUTC());
    try {
      w.append("ceremony.opened", "operator:training", Map.of("purpose", "start-up training"));
      w.checkpoint();
    } finally {
      w.close();
    }
    Main.run(sink, sink, "transcript", "verify", dir.toString());
    Main.run(sink, sink, "transcript", "show", dir.toString());
  }

  /** Loads every class of the tool (not initialised: no static code runs). */
  private static void loadOwnClasses() throws IOException {
    Path jar;
    try {
      jar =
          Path.of(
              StartupTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return;
    }
    if (!Files.isRegularFile(jar)) {
      return;
    }
    ClassLoader loader = StartupTraining.class.getClassLoader();
    try (JarFile jf = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = jf.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.endsWith(".class")
            && (name.startsWith("dev/keyceremony/")
                || name.startsWith("org/xipki/pkcs11/")
                || name.startsWith("picocli/"))) {
          String cls = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          try {
            Class.forName(cls, false, loader);
          } catch (ClassNotFoundException | LinkageError ignored) {
            // Optional dependencies missing: not needed at run time either.
          }
        }
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(Step s) {
    try {
      s.run();
    } catch (Exception | LinkageError e) {
      // A training step that cannot run (no HSM, say) only archives fewer classes.
    }
  }
}
