package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 ceremonies of mixed key specs against a local KMS that throttles 30% of requests and answers
 * 5% with HTTP 500: every one completes, each retry is recorded with its call, and no key is made
 * twice. Real SoftHSM2 token, local KMS over real HTTP through the real SDK client.
 */
class KmsFaultsIT {
  @TempDir Path dir;

  @Test
  void throttlingAndServerErrors_everyCeremonyCompletes_retriesRecorded() throws Exception {
    ItCeremony.ensureSigner();
    List<String> specs =
        List.of("SYMMETRIC_DEFAULT", "HMAC_256", "ECC_NIST_P256", "HMAC_384", "RSA_2048");
    int retries = 0;
    Set<String> errors = new HashSet<>();
    try (LocalKms kms =
        LocalKms.builder().port(0).faults(new FaultSettings(0.30, 0.05, 0, 0, 20261130L)).start()) {
      for (int i = 0; i < 20; i++) {
        String spec = specs.get(i % specs.size());
        String yaml =
            ItCeremony.script(
                    kms,
                    ItCeremony.create(spec),
                    "generate: faults-" + i + "-{run}",
                    "auto",
                    "RSA_2048",
                    ItCeremony.EXPIRES_30D)
                .replace("  out: out", "  out: " + dir.resolve("out"));
        ItCeremony.Cli r = ItCeremony.run(dir, yaml);
        assertThat(r.exit()).as(spec + ": " + r.all()).isZero();
        VerificationReport v = TranscriptVerifier.verify(r.bundle());
        assertThat(v.isValid()).as(v.summary()).isTrue();
        for (TranscriptEntry e : v.entries()) {
          for (JsonNode call : e.data().path("kmsRequests")) {
            for (JsonNode retry : call.path("retries")) {
              retries++;
              errors.add(retry.path("error").asText());
              assertThat(retry.path("attempt").asInt()).isPositive();
              assertThat(retry.has("delayMs")).isTrue();
            }
          }
        }
      }
      kms.setFaults(FaultSettings.NONE);
      try (var sdk = CeremonyItFixtureAccess.sdk(kms)) {
        long keys = sdk.listKeysPaginator(b -> b.limit(1000)).keys().stream().count();
        assertThat(keys).as("one key per ceremony, none twice").isEqualTo(20);
      }
    }
    assertThat(retries).as("retries recorded across 20 ceremonies").isGreaterThan(20);
    assertThat(errors).contains("ThrottlingException", "KMSInternalException");
    Files.writeString(
        ItCeremony.projectDir().resolve("target/kms-faults-report.txt"),
        "20 ceremonies, 30% throttling + 5% HTTP 500: 20 completed, "
            + retries
            + " retries recorded ("
            + errors
            + ")\n");
  }
}
