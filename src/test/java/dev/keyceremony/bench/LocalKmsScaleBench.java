package dev.keyceremony.bench;

import dev.keyceremony.localkms.LocalKms;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Local KMS at scale, through the SDK client over loopback, with a durable {@code --state-dir}
 * (SQLite): CreateKey and DescribeKey latency with a small and a large store, the restart time of
 * the large store, and request latency while 50 connections stall mid-upload. Run by hand (see
 * docs/BENCHMARKS.md, "Local KMS at scale"); not a test.
 *
 * <p>Arguments: {@code small large samples}, e.g. {@code 100 30000 200}.
 */
public final class LocalKmsScaleBench {
  private LocalKmsScaleBench() {}

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Path root = Files.createTempDirectory("lkms-scale");
    Path smallDir = root.resolve("small");
    Path largeDir = root.resolve("large");
    try (LocalKms s = LocalKms.builder().port(0).stateDir(smallDir).start();
        LocalKms l = LocalKms.builder().port(0).stateDir(largeDir).start();
        KmsClient cs = client(s);
        KmsClient cl = client(l)) {
      for (int[] n : new int[][] {{small, 0}, {large, 1}}) {
        long t0 = System.nanoTime();
        fill(n[1] == 0 ? cs : cl, n[0]);
        long fill = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
            "keys=%d: filled in %d ms (%.0f CreateKey/s, 4 client threads)%n",
            n[0], fill, n[0] * 1000.0 / Math.max(1, fill));
      }
      String ids = cs.createKey(r -> r.description("probe")).keyMetadata().keyId();
      String idl = cl.createKey(r -> r.description("probe")).keyMetadata().keyId();
      // Same warm-up for both: the JIT and SQLite's WAL (reused after its first checkpoint;
      // appending to a fresh WAL costs more per fsync) reach their steady state with changes
      // that do not add keys.
      for (int i = 0; i < 1000; i++) {
        for (KmsClient c : List.of(cs, cl)) {
          String id = c == cs ? ids : idl;
          c.disableKey(r -> r.keyId(id));
          c.enableKey(r -> r.keyId(id));
        }
      }
      // Alternated samples: small, large, small, large... so machine load hits both alike.
      List<List<Double>> create = List.of(new ArrayList<>(), new ArrayList<>());
      List<List<Double>> describe = List.of(new ArrayList<>(), new ArrayList<>());
      List<List<Double>> disable = List.of(new ArrayList<>(), new ArrayList<>());
      for (int i = 0; i < samples; i++) {
        for (int k = 0; k < 2; k++) {
          KmsClient c = k == 0 ? cs : cl;
          String id = k == 0 ? ids : idl;
          long a = System.nanoTime();
          c.createKey(r -> r.description("sample"));
          long b = System.nanoTime();
          c.describeKey(r -> r.keyId(id));
          long d = System.nanoTime();
          c.disableKey(r -> r.keyId(id));
          long e = System.nanoTime();
          c.enableKey(r -> r.keyId(id));
          create.get(k).add((b - a) / 1e6);
          describe.get(k).add((d - b) / 1e6);
          disable.get(k).add((e - d) / 1e6);
        }
      }
      for (int k = 0; k < 2; k++) {
        int n = k == 0 ? small : large;
        System.out.printf(
            "keys=%d: CreateKey median %.2f ms, p95 %.2f ms; DisableKey median"
                + " %.2f ms, p95 %.2f ms; DescribeKey median %.2f ms, p95 %.2f ms (n=%d each,"
                + " alternated with the other store)%n",
            n,
            pct(create.get(k), 50),
            pct(create.get(k), 95),
            pct(disable.get(k), 50),
            pct(disable.get(k), 95),
            pct(describe.get(k), 50),
            pct(describe.get(k), 95),
            samples);
      }
      System.out.printf(
          "ratio large/small: CreateKey %.2f, DisableKey %.2f (medians)%n",
          pct(create.get(1), 50) / pct(create.get(0), 50),
          pct(disable.get(1), 50) / pct(disable.get(0), 50));
      for (Path dir : List.of(smallDir, largeDir)) {
        System.out.printf(
            "%s: state.db %d KiB, WAL %d KiB%n",
            dir.getFileName(),
            Files.size(dir.resolve("state.db")) / 1024,
            Files.exists(dir.resolve("state.db-wal"))
                ? Files.size(dir.resolve("state.db-wal")) / 1024
                : 0);
      }
    }
    for (Path dir : List.of(smallDir, largeDir)) {
      long t0 = System.nanoTime();
      try (LocalKms kms = LocalKms.builder().port(0).stateDir(dir).start()) {
        System.out.printf(
            "%s: restart (open + load + first compare) %d ms%n",
            dir.getFileName(), (System.nanoTime() - t0) / 1_000_000);
        if (dir == largeDir) {
          stalled(kms, samples);
        }
      }
    }
  }

  /** Latency of DescribeKey-less admin-free requests while 50 connections stall mid-upload. */
  private static void stalled(LocalKms kms, int samples) throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try (KmsClient c = client(kms)) {
      String id = c.createKey(r -> r.description("probe")).keyMetadata().keyId();
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket("127.0.0.1", kms.port());
        OutputStream out = s.getOutputStream();
        out.write(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        stalled.add(s);
      }
      Thread.sleep(500);
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        long a = System.nanoTime();
        c.describeKey(r -> r.keyId(id));
        ms.add((System.nanoTime() - a) / 1e6);
      }
      // A fresh connection too (the SDK's pool reuses one otherwise).
      List<Double> fresh = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try (KmsClient f = client(kms)) {
          long a = System.nanoTime();
          f.describeKey(r -> r.keyId(id));
          fresh.add((System.nanoTime() - a) / 1e6);
        }
      }
      System.out.printf(
          "50 stalled connections open: DescribeKey median %.2f ms, max %.2f ms"
              + " (n=%d, pooled connection); new client + connection median %.1f ms, max %.1f ms"
              + " (n=20)%n",
          pct(ms, 50), pct(ms, 100), samples, pct(fresh, 50), pct(fresh, 100));
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  private static void fill(KmsClient c, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger left = new AtomicInteger(n);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(
          pool.submit(
              () -> {
                while (left.getAndDecrement() > 0) {
                  c.createKey(r -> r.description("filler"));
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
  }

  private static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }

  private static KmsClient client(LocalKms kms) {
    return KmsClient.builder()
        .endpointOverride(kms.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    kms.defaultCredentials().accessKeyId(),
                    kms.defaultCredentials().secretAccessKey())))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8))
        .build();
  }
}
