package dev.keyceremony.bench;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrappingKey;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.hsm.iaik.ItToken;
import dev.keyceremony.hsm.iaik.TestTokenCleaner;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Hand-run benchmark of the HSM adapter against SoftHSM2, or NSS's softoken with {@code
 * -Dbench.token=nss} (not part of mvn verify): key generation per spec, wrap per algorithm (through
 * the port, including the per-call handle lookup), the self-test. See docs/BENCHMARKS.md ("HSM")
 * for the command and figures.
 */
public final class HsmWrapBench {
  private HsmWrapBench() {}

  public static void main(String[] args) throws Exception {
    String token = System.getProperty("bench.token", "ceremony-it");
    boolean nss = token.equals("nss");
    Path pinFile =
        nss
            ? ItToken.NSS.userPinFile()
            : Path.of(System.getProperty("bench.pinFile", ".softhsm/" + token + ".user.pin"));
    HsmLocator locator =
        nss ? ItToken.NSS.locator() : new HsmLocator(HsmLocator.SOFTHSM_MODULE, token);
    // SoftHSM2 2.6.1 does OAEP only with SHA-1; NSS is benchmarked with the SHA-256 algorithms.
    WrappingAlgorithm oaep =
        nss ? WrappingAlgorithm.RSAES_OAEP_SHA_256 : WrappingAlgorithm.RSAES_OAEP_SHA_1;
    WrappingAlgorithm hybrid =
        nss ? WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256 : WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1;
    List<String> labels = new ArrayList<>();
    System.out.printf(
        "CPU: %d processors; java %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try (IaikHsm hsm = IaikHsm.open(locator);
        Secret pin = PinSource.parse("file:" + pinFile.toAbsolutePath()).read("pin");
        HsmSession s = hsm.login(pin)) {
      System.out.println(
          "token: "
              + s.facts().label()
              + " / "
              + s.facts().libraryManufacturer()
              + " "
              + s.facts().libraryVersion()
              + ", "
              + s.listObjects().size()
              + " objects at start");
      try {
        time(
            "self-test RSA_2048, cold (incl. Java RSA-2048 keygen)",
            1,
            () -> s.selfTest(WrappingKeySpec.RSA_2048));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] spki = g.generateKeyPair().getPublic().getEncoded();
        time(
            "importWrappingKey RSA-2048 + destroy",
            500,
            () -> s.destroy(s.importWrappingKey(spki)));
        WrappingKey wk = s.importWrappingKey(spki);
        for (KeySpec spec :
            List.of(
                KeySpec.SYMMETRIC_DEFAULT,
                KeySpec.HMAC_256,
                KeySpec.ECC_NIST_P256,
                KeySpec.ECC_NIST_P384,
                KeySpec.RSA_2048)) {
          // Few objects: every C_FindObjects in SoftHSM walks all token objects, so the label check
          // and read-back get slower as the token fills up.
          int n = spec == KeySpec.RSA_2048 ? 3 : 20;
          TargetKey[] last = new TargetKey[1];
          time(
              "generate " + spec + " (token object, incl. label check + read-back)",
              n,
              () -> {
                String l = "bench-" + UUID.randomUUID();
                labels.add(l);
                last[0] = s.generate(new GenerateRequest(spec, l, false));
              });
          WrappingAlgorithm a = spec.isSecret() ? oaep : hybrid;
          time(
              "wrap " + spec + " with " + a,
              spec == KeySpec.RSA_2048 ? 100 : 500,
              () -> s.wrap(last[0], wk, a));
        }
        TargetKey aes =
            s.generate(
                new GenerateRequest(
                    KeySpec.SYMMETRIC_DEFAULT, "bench-" + UUID.randomUUID(), false));
        labels.add(aes.label());
        time("evidence AES-ECB(0) check value", 1000, () -> s.evidence().aesEcbZeroBlock(aes));
        var signer = s.createSigner("bench-signer-" + UUID.randomUUID());
        labels.add(signer.label());
        byte[] data = new byte[512];
        time(
            "signWithSigner P-384 (SHA-384 + CKM_ECDSA + JCA verify)",
            300,
            () -> s.evidence().signWithSigner(signer, data));
      } finally {
        for (String l : labels) {
          TestTokenCleaner.destroyLabelled(s, l);
        }
      }
    }
  }

  private interface Op {
    void run() throws Exception;
  }

  private static void time(String name, int n, Op op) throws Exception {
    int warm = Math.min(n / 10, 50);
    for (int i = 0; i < warm; i++) {
      op.run();
    }
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      op.run();
      t[i] = System.nanoTime() - s;
    }
    Arrays.sort(t);
    double mean = Arrays.stream(t).average().orElse(0) / 1e6;
    System.out.printf(
        "%-72s n=%-5d mean=%9.3f ms  median=%9.3f ms  p95=%9.3f ms  => %8.0f ops/s%n",
        name, n, mean, t[n / 2] / 1e6, t[Math.min(n - 1, (int) (n * 0.95))] / 1e6, 1000 / mean);
  }
}
