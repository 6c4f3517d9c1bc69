package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.hsm.iaik.ItToken;
import dev.keyceremony.kms.sdk.SdkKms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code plan} against the real token and local KMS changes nothing; the examples are valid. */
class PlanIT extends CeremonyItFixture {
  static int tokenObjects(ItToken t) {
    try (IaikHsm hsm = IaikHsm.open(t.locator());
        Secret pin = t.userPin();
        HsmSession s = hsm.login(pin)) {
      return s.listObjects().size();
    }
  }

  @ParameterizedTest
  @CsvSource({"SOFTHSM2, RSA_AES_KEY_WRAP_SHA_1", "NSS, RSA_AES_KEY_WRAP_SHA_256"})
  void plan_printsStepsAndChangesNothing(ItToken t, String algorithm) throws Exception {
    ItCeremony.ensureSigner(t);
    int objects = tokenObjects(t);
    int keys;
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      keys = c.listKeyIds(1000).value().size();
    }
    Path f = dir.resolve("plan.yaml");
    Files.writeString(f, ItCeremony.script(t, kms, ItCeremony.create("ECC_NIST_P384"),
        "generate: 'plan-{run}'", "auto", "RSA_2048", ItCeremony.EXPIRES_30D));
    ItCeremony.Cli r = ItCeremony.main("plan", f.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("Preflight passed.")
        .contains("4. parameters: KMS GetParametersForImport"
            + " WrappingAlgorithm=" + algorithm + " WrappingKeySpec=RSA_2048")
        .contains("8. seal:");
    assertThat(tokenObjects(t)).isEqualTo(objects);
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      assertThat(c.listKeyIds(1000).value()).hasSize(keys);
    }
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void exampleScripts_allValid() throws Exception {
    ScriptParser p = new ScriptParser(
        Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC), "run");
    try (Stream<Path> s = Files.list(ItCeremony.projectDir().resolve("ceremony-scripts"))) {
      long n = s.filter(x -> x.toString().endsWith(".yaml")).peek(x -> {
        try {
          String text = Files.readString(x);
          if (dev.keyceremony.ceremony.script.BulkScriptParser.isBulk(text)) {
            new dev.keyceremony.ceremony.script.BulkScriptParser(p).parse(text, x.toString(),
                x.getParent());
          } else {
            p.parse(x);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).count();
      // with the NSS examples, rotate.yaml, multi-region.yaml and bulk.yaml
      assertThat(n).isEqualTo(10);
    }
  }
}
