package dev.keyceremony.ceremony.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkScriptParserTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  @TempDir Path dir;
  BulkScriptParser parser;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "not really a module");
    parser =
        new BulkScriptParser(
            new ScriptParser(Clock.fixed(NOW, ZoneOffset.UTC), "20261128T120000Z"));
  }

  static String bulk(String batch) {
    return ScriptParserTest.valid()
            .replace(
                "    alias: alias/payments-{run}",
                "    alias: alias/payments-{run}-{n}\n" + "    description: tenant {n}")
            .replace("    tags: {team: payments}", "    tags: {team: payments, tenant: 't-{n}'}")
            .replace("  generate: payments-{run}", "  generate: payments-{run}-{n}")
        + batch;
  }

  BulkScript parse(String yaml) {
    return parser.parse(yaml, "bulk.yaml", dir);
  }

  List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (ScriptException e) {
      return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }
    throw new AssertionError("expected problems");
  }

  @Test
  void count_fillsNZeroPaddedInAliasLabelDescriptionAndTags_withAwsPaceByDefault() {
    BulkScript b = parse(bulk("batch:\n  count: 12\n"));
    assertThat(b.keys()).hasSize(12);
    assertThat(b.batch().stopOnFailure()).isFalse();
    assertThat(b.batch().pace()).isEqualTo(BatchSection.Pace.AWS);
    CeremonyScript k9 = b.keys().get(8);
    assertThat(k9.key().create().alias()).isEqualTo("alias/payments-20261128T120000Z-09");
    assertThat(k9.key().create().description()).isEqualTo("tenant 09");
    assertThat(k9.key().create().tags()).containsEntry("tenant", "t-09");
    assertThat(k9.material().label()).isEqualTo("payments-20261128T120000Z-09");
    assertThat(b.keys().get(11).material().label()).endsWith("-12");
    assertThat(b.first().name()).isEqualTo("payments-2026");
  }

  @Test
  void paceAndOnFailure_areRead() {
    BulkScript b =
        parse(
            bulk(
                "batch:\n  count: 3\n  on-failure: stop\n  pace:\n"
                    + "    get-parameters-for-import: 0.5\n    import-key-material: 10\n"));
    assertThat(b.batch().stopOnFailure()).isTrue();
    assertThat(b.batch().pace()).isEqualTo(new BatchSection.Pace(5, 5, 0.5, 10));
  }

  @Test
  void everyProblem_withItsFieldPath_batchAndScriptTogether() {
    String yaml =
        bulk("batch:\n  count: 0\n  on-failure: maybe\n  pace:\n"
                + "    get-parameters-for-import: fast\n    create-keys: 5\n  size: 3\n")
            .replace("alias/payments-{run}-{n}", "alias/payments-{run}")
            .replace("payments-{run}-{n}", "payments-{run}")
            .replace("  key-spec: RSA_3072", "  key-spec: RSA_1024");
    assertThat(problems(yaml))
        .containsExactlyInAnyOrder(
            "batch.size: unknown key; allowed here: count, on-failure, pace",
            "batch.count: 0 is out of range; allowed: 1 to 1000",
            "batch.on-failure: 'maybe' is not allowed; allowed: continue (a failing key does not"
                + " stop the others, the default), stop (the first failing key stops the batch)",
            "batch.pace.create-keys: unknown key; allowed here: create-key, create-alias,"
                + " get-parameters-for-import, import-key-material",
            "batch.pace.get-parameters-for-import: 'fast' is not a rate; expected requests per"
                + " second from 0.01 to 1000 (AWS's quota is 1, the default)",
            "material.generate: 'payments-{run}' must contain {n}, so that each key of the batch"
                + " gets its own HSM object, e.g. bulk-{run}-{n}",
            "key.create.alias: 'alias/payments-{run}' must contain {n}: an alias names one key,"
                + " e.g. alias/bulk-{run}-{n}",
            // The script's own rules, with their paths, in the same report.
            "wrapping.key-spec: 'RSA_1024' is not allowed; allowed: RSA_2048, RSA_3072, RSA_4096");
  }

  @Test
  void existingKeyOrMaterialAndTrustedMode_areRefusedInABatch() {
    String yaml =
        bulk("batch:\n  count: 2\n")
            .replace(
                "  create:\n    spec: SYMMETRIC_DEFAULT\n",
                "  existing: 1234abcd-12ab-34cd-56ef-1234567890ab\n  x-create:\n"
                    + "    spec: SYMMETRIC_DEFAULT\n");
    assertThat(problems(yaml))
        .contains(
            "key.existing: is not allowed in a batch: a batch"
                + " creates its keys (key.create); reimport existing keys one ceremony each");
    String trusted =
        bulk("batch:\n  count: 2\n")
            .replace(
                "  user-pin: file:pins/user.pin",
                "  user-pin: file:pins/user.pin\n  so-pin: file:pins/so.pin");
    assertThat(problems(trusted)).anyMatch(p -> p.startsWith("hsm.so-pin: trusted mode"));
  }

  @Test
  void countIsRequired_andIsBulkRecognisesTheSection() {
    assertThat(problems(bulk("batch:\n  on-failure: stop\n")))
        .contains("batch.count: is required: the number of keys, 1 to 1000");
    assertThat(BulkScriptParser.isBulk(bulk("batch:\n  count: 2\n"))).isTrue();
    assertThat(BulkScriptParser.isBulk(ScriptParserTest.valid())).isFalse();
    assertThat(BulkScriptParser.isBulk("key: [unclosed")).isFalse();
  }
}
