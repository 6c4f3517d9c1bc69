package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.kms.sdk.SdkKms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code plan} against the real token and local KMS changes nothing; the examples are valid. */
class PlanIT extends CeremonyItFixture {
  static int tokenObjects() {
    try (IaikHsm hsm = IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, ItCeremony.token()));
        Secret pin = PinSource.parse("file:" + ItCeremony.pinFile("user")).read("unused");
        HsmSession s = hsm.login(pin)) {
      return s.listObjects().size();
    }
  }

  @Test
  void plan_printsStepsAndChangesNothing() throws Exception {
    int objects = tokenObjects();
    int keys;
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      keys = c.listKeyIds(1000).value().size();
    }
    Path f = dir.resolve("plan.yaml");
    Files.writeString(
        f,
        ItCeremony.script(
            kms,
            ItCeremony.create("ECC_NIST_P384"),
            "generate: 'plan-{run}'",
            "auto",
            "RSA_2048",
            ItCeremony.EXPIRES_30D));
    ItCeremony.Cli r = ItCeremony.main("plan", f.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("Preflight passed.")
        .contains(
            "4. parameters: KMS GetParametersForImport"
                + " WrappingAlgorithm=RSA_AES_KEY_WRAP_SHA_1 WrappingKeySpec=RSA_2048")
        .contains("8. seal:");
    assertThat(tokenObjects()).isEqualTo(objects);
    try (SdkKms c = SdkKms.forLocalKms(kms.endpoint(), "us-east-1")) {
      assertThat(c.listKeyIds(1000).value()).hasSize(keys);
    }
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void exampleScripts_allValid() throws Exception {
    ScriptParser p =
        new ScriptParser(Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC), "run");
    try (Stream<Path> s = Files.list(ItCeremony.projectDir().resolve("ceremony-scripts"))) {
      // Bulk scripts (a batch: section) are parsed by the bulk parser, every key's script too.
      var bulk = new dev.keyceremony.ceremony.script.BulkScriptParser(p);
      long n =
          s.filter(x -> x.toString().endsWith(".yaml"))
              .peek(
                  x -> {
                    try {
                      String text = Files.readString(x);
                      if (dev.keyceremony.ceremony.script.BulkScriptParser.isBulk(text)) {
                        assertThat(bulk.parse(text, x.toString(), x.getParent()).keys())
                            .hasSize(100);
                      } else {
                        p.parse(x);
                      }
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .count();
      assertThat(n)
          .isEqualTo(10); // with the NSS examples, rotate.yaml, multi-region.yaml and bulk.yaml
    }
  }
}
