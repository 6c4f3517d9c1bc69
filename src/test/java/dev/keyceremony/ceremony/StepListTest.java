package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The numbered steps {@code plan} shows are the steps {@code run} records, in that order. */
class StepListTest {
  private static final Pattern LINE = Pattern.compile("(\\d+)\\. ([a-z-]+): (.*)");

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  FakeHsmSession hsm = new FakeHsmSession();
  FakeKms kms = new FakeKms(clock);

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  @Test
  void newKey_planStepsAreTheRecordedSteps() {
    for (String spec : List.of("SYMMETRIC_DEFAULT", "HMAC_256", "ECC_NIST_P256", "RSA_2048")) {
      String yaml =
          CeremonyTest.script(
              "  create: {spec: " + spec + ", alias: alias/t-" + spec + "}",
              "{generate: 'm-" + spec + "'}",
              "auto");
      List<String> planned = planned(yaml);
      assertThat(planned)
          .as(spec)
          .startsWith("step.preflight", "step.approvals", "step.create-key", "step.parameters");
      assertThat(recorded(yaml)).as(spec).isEqualTo(planned);
    }
    // No alias: create-key still runs (CreateKey) and is still planned.
    String noAlias = CeremonyTest.script("  create: {spec: HMAC_384}", "{generate: h}", "auto");
    List<String> planned = planned(noAlias);
    assertThat(recorded(noAlias)).isEqualTo(planned).contains("step.create-key");
  }

  @Test
  void existingKey_reimport_planSaysCreateKeyIsSkipped_andRunDoesNotRecordIt() {
    String first =
        CeremonyTest.script(CeremonyTest.create("SYMMETRIC_DEFAULT"), "{generate: orig}", "auto");
    FakeJournal j = new FakeJournal();
    Outcome o = run(parse(first), j);
    assertThat(o.succeeded()).isTrue();
    clock.advance(Duration.ofDays(31));
    String again = CeremonyTest.script("  existing: " + o.keyId(), "{existing: orig}", "auto");
    List<String> lines = Ceremony.plan(parse(again), hsm, kms, "non-interactive");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("3. create-key: skipped"));
    List<String> planned = planned(again);
    assertThat(planned).doesNotContain("step.create-key");
    assertThat(recorded(again)).isEqualTo(planned);
  }

  /** Plan's lines, numbered 1..n without gaps, as the entries run would write. */
  private List<String> planned(String yaml) {
    List<String> lines = Ceremony.plan(parse(yaml), hsm, kms, "non-interactive");
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(++n);
      if (m.group(2).equals("seal")) {
        out.add("ceremony.sealed");
      } else if (!m.group(3).startsWith("skipped")) {
        out.add("step." + m.group(2));
      }
    }
    assertThat(out).endsWith("ceremony.sealed");
    return out;
  }

  private List<String> recorded(String yaml) {
    FakeJournal j = new FakeJournal();
    Outcome o = run(parse(yaml), j);
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    return j.types().stream()
        .filter(t -> t.startsWith("step.") || t.equals("ceremony.sealed"))
        .toList();
  }

  private CeremonyScript parse(String yaml) {
    return new ScriptParser(clock, "run1").parse(yaml, "t.yaml", dir);
  }

  private Outcome run(CeremonyScript s, FakeJournal journal) {
    CeremonyContext ctx =
        new CeremonyContext(
            s,
            hsm,
            kms,
            journal,
            new ScriptedParticipants(s.acknowledgements(), clock),
            clock,
            new SecureRandom(),
            p -> {
              throw new AssertionError("no PIN needed");
            },
            Map.of("tool", "test"));
    return new Ceremony(ctx).run();
  }
}
