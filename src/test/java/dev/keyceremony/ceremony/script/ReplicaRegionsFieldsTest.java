package dev.keyceremony.ceremony.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code key.create.replica-regions} and {@code key.replica-regions}, parsed strictly. */
class ReplicaRegionsFieldsTest {
  static final String MRK = "mrk-" + "0123456789abcdef".repeat(2);
  @TempDir Path dir;
  ScriptParser parser;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "not really a module");
    parser = new ScriptParser(Clock.fixed(ScriptParserTest.NOW, ZoneOffset.UTC), "r1");
  }

  private String with(String keyBlock) {
    String v = ScriptParserTest.valid();
    return v.substring(0, v.indexOf("key:\n"))
        + "key:\n"
        + keyBlock
        + v.substring(v.indexOf("material:\n"));
  }

  private List<String> problems(String yaml) {
    try {
      parser.parse(yaml, "t.yaml", dir);
    } catch (ScriptException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected problems");
  }

  @Test
  void create_replicaRegions_impliesMultiRegion() {
    CeremonyScript s =
        parser.parse(
            with(
                "  create:\n    spec: SYMMETRIC_DEFAULT\n"
                    + "    replica-regions: [us-west-2, eu-west-1]\n"),
            "t.yaml",
            dir);
    assertThat(s.key().replicaRegions()).containsExactly("us-west-2", "eu-west-1");
    assertThat(s.key().create().multiRegion()).isTrue();
  }

  @Test
  void existing_mrkKey_replicaRegions() {
    CeremonyScript s =
        parser.parse(
            with("  existing: " + MRK + "\n  replica-regions:" + " [ap-southeast-2]\n"),
            "t.yaml",
            dir);
    assertThat(s.key().replicaRegions()).containsExactly("ap-southeast-2");
  }

  @Test
  void badReplicaRegions_reportedWithPaths() {
    assertThat(
            problems(
                with(
                    "  create:\n    spec: SYMMETRIC_DEFAULT\n"
                        + "    replica-regions: [us-west-2, us-west-2]\n")))
        .containsExactly(
            "key.create.replica-regions: 'us-west-2' is listed twice; each Region is listed once");
    assertThat(
            problems(
                with(
                    "  create:\n    spec: SYMMETRIC_DEFAULT\n    multi-region: false\n"
                        + "    replica-regions: [us-west-2]\n")))
        .containsExactly(
            "key.create.multi-region: false contradicts replica-regions: replicas need a"
                + " multi-Region key; remove multi-region (replica-regions implies true)");
    assertThat(
            problems(
                with(
                    "  create:\n    spec: SYMMETRIC_DEFAULT\n"
                        + "    replica-regions: [us-east-1, Mars]\n")))
        .containsExactly(
            "key.create.replica-regions: 'Mars' is not an AWS Region name; e.g. us-west-2");
    assertThat(
            problems(
                with(
                    "  create:\n    spec: SYMMETRIC_DEFAULT\n"
                        + "    replica-regions: [us-east-1]\n")))
        .containsExactly(
            "key.create.replica-regions: 'us-east-1' is the primary's Region (kms.region, by"
                + " default); list only the replicas' Regions");
    assertThat(
            problems(
                with(
                    "  existing: 1234abcd-12ab-34cd-56ef-1234567890ab\n"
                        + "  replica-regions: [us-west-2]\n")))
        .containsExactly(
            "key.replica-regions: goes with a multi-Region key (mrk-...);"
                + " 1234abcd-12ab-34cd-56ef-1234567890ab is a single-Region key");
  }
}
