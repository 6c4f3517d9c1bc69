package dev.keyceremony.bench;

import dev.keyceremony.localkms.LocalKms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Requests per second of the local KMS through the AWS SDK client: DescribeKey (1 and 4 client
 * threads) and GetParametersForImport per wrapping key spec with the wrapping-key pool warm versus
 * cold. Run by hand (see docs/BENCHMARKS.md, section "Local KMS"); not a test.
 */
public final class LocalKmsBench {
  private LocalKmsBench() {}

  public static void main(String[] args) throws Exception {
    Duration window = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
    try (LocalKms warm = LocalKms.builder().port(0).start();
        LocalKms cold = LocalKms.builder().port(0).wrappingKeyPool(false).start();
        KmsClient w = client(warm);
        KmsClient c = client(cold)) {
      String keyId = w.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
      String coldKey = c.createKey(r -> r.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
      for (int i = 0; i < 500; i++) {
        w.describeKey(r -> r.keyId(keyId));
      }
      System.out.printf("DescribeKey, 1 thread:  %.0f req/s%n", rate(w, keyId, window, 1));
      System.out.printf("DescribeKey, 4 threads: %.0f req/s%n", rate(w, keyId, window, 4));
      for (WrappingKeySpec spec :
          List.of(WrappingKeySpec.RSA_2048, WrappingKeySpec.RSA_3072, WrappingKeySpec.RSA_4096)) {
        int n = spec == WrappingKeySpec.RSA_4096 ? 5 : 10;
        List<Long> warmMs = new ArrayList<>();
        List<Long> coldMs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          warm.warmWrappingKeys(spec.toString());
          warmMs.add(gpfi(w, keyId, spec));
          coldMs.add(gpfi(c, coldKey, spec));
        }
        System.out.printf(
            "GetParametersForImport %s: warm median %d ms (%.0f req/s), cold median %d ms"
                + " (%.1f req/s), n=%d%n",
            spec,
            median(warmMs),
            1000.0 / Math.max(1, median(warmMs)),
            median(coldMs),
            1000.0 / Math.max(1, median(coldMs)),
            n);
      }
    }
  }

  private static double rate(KmsClient kms, String keyId, Duration window, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + window.toNanos();
    List<Future<Integer>> counts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      counts.add(
          pool.submit(
              () -> {
                int n = 0;
                while (System.nanoTime() < end) {
                  kms.describeKey(r -> r.keyId(keyId));
                  n++;
                }
                return n;
              }));
    }
    int total = 0;
    for (Future<Integer> f : counts) {
      total += f.get();
    }
    pool.shutdown();
    return total / (window.toNanos() / 1e9);
  }

  private static long gpfi(KmsClient kms, String keyId, WrappingKeySpec spec) {
    long t0 = System.nanoTime();
    kms.getParametersForImport(
        r ->
            r.keyId(keyId)
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256)
                .wrappingKeySpec(spec));
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
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
