package dev.keyceremony.bench;

import dev.keyceremony.localkms.AccountCredentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Kill -9 loop: {@code ceremony local-kms --state-dir} as a separate JVM, two client threads
 * creating keys and disabling them, SIGKILL at a random moment, restart on the same directory,
 * check that every acknowledged change is there; repeated. Prints acknowledged changes, kills and
 * lost changes. Run by hand (docs/BENCHMARKS.md); not a test. Arguments: {@code kills}.
 */
public final class LocalKmsKillBench {
  private LocalKmsKillBench() {}

  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path dir = Files.createTempDirectory("lkms-kill").resolve("state");
    Set<String> created = ConcurrentHashMap.newKeySet();
    Set<String> disabled = ConcurrentHashMap.newKeySet();
    Random rnd = new Random(14);
    long acknowledged = 0;
    long lost = 0;
    for (int round = 0; round < kills; round++) {
      Process p = start(dir);
      URI endpoint = endpoint(p);
      lost += check(endpoint, created, disabled);
      AtomicBoolean stop = new AtomicBoolean();
      long[] acks = new long[2];
      Thread[] load = new Thread[2];
      for (int t = 0; t < 2; t++) {
        int slot = t;
        load[t] =
            new Thread(
                () -> {
                  try (KmsClient c = client(endpoint)) {
                    while (!stop.get()) {
                      String id =
                          c.createKey(r -> r.description("kill loop")).keyMetadata().keyId();
                      created.add(id);
                      acks[slot]++;
                      c.disableKey(r -> r.keyId(id));
                      disabled.add(id);
                      acks[slot]++;
                    }
                  } catch (RuntimeException expectedWhenKilled) {
                    // The server died under us.
                  }
                });
        load[t].start();
      }
      // Kill at a random moment once changes are flowing (JVM start-up varies with load).
      long until = System.currentTimeMillis() + 20_000;
      while (acks[0] + acks[1] == 0 && System.currentTimeMillis() < until) {
        Thread.sleep(10);
      }
      Thread.sleep(500 + rnd.nextInt(2000));
      p.destroyForcibly(); // SIGKILL
      p.waitFor(10, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : load) {
        t.join(30_000);
      }
      acknowledged += acks[0] + acks[1];
    }
    Process p = start(dir);
    try {
      lost += check(endpoint(p), created, disabled);
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
    System.out.printf(
        "%d acknowledged changes (CreateKey, DisableKey) over %d kills, %d lost;"
            + " %d keys in the store%n",
        acknowledged, kills, lost, created.size());
  }

  /** Counts acknowledged changes missing after a restart. */
  private static long check(URI endpoint, Set<String> created, Set<String> disabled) {
    long missing = 0;
    try (KmsClient c = client(endpoint)) {
      for (String id : created) {
        try {
          var m = c.describeKey(r -> r.keyId(id)).keyMetadata();
          if (disabled.contains(id) && m.enabled()) {
            missing++;
          }
        } catch (NotFoundException e) {
          missing++;
        }
      }
    }
    return missing;
  }

  private static Process start(Path dir) throws Exception {
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

  private static URI endpoint(Process p) throws Exception {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("http://")) {
      throw new IllegalStateException("local-kms did not start: " + line);
    }
    return URI.create(line.trim());
  }

  private static KmsClient client(URI endpoint) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    AccountCredentials.DEFAULT.accessKeyId(),
                    AccountCredentials.DEFAULT.secretAccessKey())))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
        .build();
  }
}
