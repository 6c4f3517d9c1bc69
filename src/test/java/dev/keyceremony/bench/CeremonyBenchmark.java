package dev.keyceremony.bench;

import dev.keyceremony.ceremony.Ceremony;
import dev.keyceremony.ceremony.CeremonyContext;
import dev.keyceremony.ceremony.Outcome;
import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.KeyEvidence;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.kms.sdk.SdkKms;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.transcript.TranscriptSigner;
import dev.keyceremony.transcript.TranscriptWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One full ceremony per key spec, repeated, against the SoftHSM2 token and an in-process local KMS
 * over HTTP, with the HSM and KMS ports wrapped in timing decorators: splits wall time into time
 * inside HSM calls (transcript signing included), inside KMS calls (HTTP + local KMS work), in the
 * transcript writer apart from signing (canonical JSON, fsync, signature check, atomic replace of
 * transcript.sig) and elsewhere (JVM crypto for the proofs, the workflow itself). Means per spec
 * over the runs after one warm-up run. Run by hand; see docs/BENCHMARKS.md, section "Ceremony".
 * Args: [token] [runs per spec].
 */
public final class CeremonyBenchmark {
  private CeremonyBenchmark() {}

  public static void main(String[] args) throws Exception {
    String token = args.length > 0 ? args[0] : "ceremony-it";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path home = Path.of(System.getProperty("ceremony.projectDir", ".")).toAbsolutePath();
    Path pin = home.resolve(".softhsm/" + token + ".user.pin");
    Path tmp = Files.createTempDirectory("ceremony-bench");
    Files.writeString(tmp.resolve("module.so"), "");
    Clock clock = Clock.systemUTC();
    System.out.printf(
        "%-18s %4s %9s %9s %9s %13s %9s%n",
        "spec", "runs", "total ms", "hsm ms", "kms ms", "transcript ms", "other ms");
    try (LocalKms server = LocalKms.builder().port(0).start();
        SdkKms sdk = SdkKms.forLocalKms(server.endpoint(), "us-east-1");
        IaikHsm hsm = IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, token));
        Secret p = PinSource.parse("file:" + pin).read("unused");
        HsmSession real = hsm.login(p)) {
      SignerKey signerKey =
          real.findSigner("bench-signer").orElseGet(() -> real.createSigner("bench-signer"));
      for (String spec : List.of("SYMMETRIC_DEFAULT", "HMAC_256", "ECC_NIST_P256", "RSA_2048")) {
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
          Timer timer = new Timer();
          HsmSession session = new TimingHsmSession(real, timer);
          String runId = spec.toLowerCase() + "-" + System.nanoTime();
          CeremonyScript s =
              new ScriptParser(clock, runId)
                  .parse(yaml(spec, token, pin, server.endpoint().toString()), "bench", tmp);
          KeyEvidence ev = session.evidence();
          TranscriptSigner signer =
              new TranscriptSigner() {
                private final byte[] spki = ev.signerPublicKeySpki(signerKey);

                @Override
                public byte[] publicKeySpki() {
                  return spki.clone();
                }

                @Override
                public byte[] sign(byte[] data) {
                  return ev.signWithSigner(signerKey, data);
                }
              };
          timer.reset();
          long[] journal = new long[1];
          long t0 = System.nanoTime();
          TranscriptWriter w = TranscriptWriter.create(tmp.resolve(runId), runId, signer, clock);
          Outcome o;
          try {
            o =
                new Ceremony(
                        new CeremonyContext(
                            s,
                            session,
                            new TimingKms(sdk, timer),
                            (type, actor, data) -> {
                              long j0 = System.nanoTime();
                              w.append(type, actor, data);
                              w.checkpoint();
                              journal[0] += System.nanoTime() - j0;
                              return w.entryCount();
                            },
                            new ScriptedParticipants(s.acknowledgements(), clock),
                            clock,
                            new SecureRandom(),
                            x -> null,
                            Map.of()))
                    .run();
          } finally {
            w.close();
          }
          long total = System.nanoTime() - t0;
          if (!o.succeeded()) {
            throw new IllegalStateException(spec + ": " + o.message());
          }
          if (i > 0) { // the first run of each spec is warm-up
            long signing = timer.byOperation.getOrDefault("hsm.signWithSigner", 0L);
            samples.add(new long[] {total, timer.hsmNanos, timer.kmsNanos, journal[0] - signing});
          }
        }
        long[] med = mean(samples);
        System.out.printf(
            "%-18s %4d %9.1f %9.1f %9.1f %13.1f %9.1f%n",
            spec,
            runs,
            med[0] / 1e6,
            med[1] / 1e6,
            med[2] / 1e6,
            med[3] / 1e6,
            (med[0] - med[1] - med[2] - med[3]) / 1e6);
      }
    }
  }

  /** Means, so that the columns add up to the total. */
  private static long[] mean(List<long[]> samples) {
    long[] out = new long[4];
    for (long[] x : samples) {
      for (int k = 0; k < 4; k++) {
        out[k] += x[k] / samples.size();
      }
    }
    return out;
  }

  private static String yaml(String spec, String token, Path pin, String endpoint) {
    return String.join(
        "\n",
        "name: bench",
        "purpose: benchmark",
        "roles: {operator: o, custodians: [c], witnesses: [w], approvals-required: 1}",
        "hsm: {module: module.so, token: " + token + ", user-pin: 'file:" + pin + "'}",
        "kms: {endpoint: '" + endpoint + "'}",
        "key: {create: {spec: " + spec + "}}",
        "material: {generate: 'bench-{run}'}",
        "wrapping: {algorithm: auto, key-spec: RSA_2048}",
        "expiration: {model: KEY_MATERIAL_EXPIRES, valid-for: 30d}",
        "transcript: {out: out, signer: bench-signer}",
        "acknowledgements: {approvals: [c], confirmations: [w]}",
        "");
  }
}
