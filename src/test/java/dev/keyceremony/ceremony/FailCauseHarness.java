package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.ceremony.script.Usage;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.kms.ImportParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fail-closed cause tests share: the lying fakes, a ceremony over them, and the assertion
 * that a run stopped with a cause, recorded it, and did nothing after the failing point.
 */
abstract class FailCauseHarness {
  static final String ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String MRK = "mrk-" + "0123456789abcdef".repeat(2);

  /**
   * The causes that another attempt ({@code resume}) may get past; every other one is final.
   * Written out here, not read from the enum, so that a changed classification fails a test.
   */
  static final Set<FailCause> RETRYABLE =
      EnumSet.of(FailCause.KMS_UNREACHABLE, FailCause.PARAMETERS_EXPIRED);

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  FakeHsmSession hsm = new FakeHsmSession();
  FakeKms kms = new FakeKms(clock);
  FakeJournal journal = new FakeJournal();

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  CeremonyScript parse(String yaml) {
    return new ScriptParser(clock, "run1").parse(yaml, "t.yaml", dir);
  }

  static String script(String keyBlock, String material, String algorithm) {
    return CeremonyTest.script(keyBlock, material, algorithm);
  }

  static String create(String spec) {
    return CeremonyTest.create(spec);
  }

  CeremonyContext ctx(CeremonyScript s, Participants p) {
    return new CeremonyContext(
        s,
        hsm,
        kms,
        journal,
        p,
        clock,
        new SecureRandom(),
        x -> {
          throw new AssertionError("no PIN needed");
        },
        Map.of("tool", "test"),
        new CeremonyControl("t-run1", "out/t-run1", () -> false, Resumption.NONE));
  }

  Outcome run(CeremonyScript s) {
    return run(s, new ScriptedParticipants(s.acknowledgements(), clock));
  }

  Outcome run(CeremonyScript s, Participants p) {
    return new Ceremony(ctx(s, p)).run();
  }

  /** The script's pre-recorded answers; a test overrides one method to lie. */
  class Scripted implements Participants {
    final ScriptedParticipants d;

    Scripted(CeremonyScript s) {
      d = new ScriptedParticipants(s.acknowledgements(), clock);
    }

    @Override
    public String mode() {
      return d.mode();
    }

    @Override
    public List<Acknowledgement> approvals(Roles roles, List<String> plan) {
      return d.approvals(roles, plan);
    }

    @Override
    public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
      return d.confirmations(roles, f);
    }
  }

  /** A KMS key as DescribeKey shows it before any ceremony touched it. */
  FakeKms.Key existing(String id, KeySpec spec, String origin, String state) {
    FakeKms.Key k = new FakeKms.Key();
    k.id = id;
    k.spec = spec;
    k.usage = Usage.forSpec(spec);
    k.origin = origin;
    k.state = state;
    kms.keys.put(id, k);
    return k;
  }

  /** A first ceremony that succeeded; the fakes' call lists and the journal start afresh. */
  Outcome succeeded(String spec, String label) {
    Outcome o = run(parse(script(create(spec), "{generate: " + label + "}", "auto")));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    kms.calls.clear();
    hsm.calls.clear();
    journal.entries.clear();
    return o;
  }

  /**
   * The ceremony stopped in {@code step} with {@code c}; the error entry is the last before the
   * seal, and both carry the cause and whether it is retryable; the enum names the step.
   */
  void assertStopped(Outcome o, FailCause c, String step) {
    assertThat(c.retryable())
        .as("FailCause." + c + ".retryable()")
        .isEqualTo(RETRYABLE.contains(c));
    String code = c == FailCause.KMS_REFUSED ? "IncorrectKeyMaterialException" : c.name();
    assertThat(o.succeeded()).isFalse();
    assertThat(o.causeCode()).as(o.message()).isEqualTo(code);
    assertThat(o.failedStep()).isEqualTo(step);
    List<String> types = journal.types();
    assertThat(types.subList(types.size() - 2, types.size()))
        .containsExactly("error", "ceremony.sealed");
    Map<String, Object> err = journal.last("error").data();
    assertThat(err)
        .containsEntry("step", step)
        .containsEntry("cause", code)
        .containsEntry("retryable", c.retryable())
        .containsEntry("message", o.message());
    assertThat((String) err.get("fix")).isNotBlank();
    assertThat(journal.last("ceremony.sealed").data())
        .containsEntry("outcome", "failed")
        .containsEntry("failedStep", step)
        .containsEntry("cause", code)
        .containsEntry("retryable", c.retryable());
    assertThat(c.steps()).as("FailCause." + c + ".steps()").contains(step);
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  /** As {@link #assertStopped} for a phase of an air-gapped ceremony (no seal in the phase). */
  void assertStopped(AirGapPhases.Result r, FailCause c, String step) {
    assertThat(c.retryable())
        .as("FailCause." + c + ".retryable()")
        .isEqualTo(RETRYABLE.contains(c));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.cause()).as(r.message()).isEqualTo(c.name());
    assertThat(r.failedStep()).isEqualTo(step);
    assertThat(r.fix()).isNotBlank();
    assertThat(journal.types().get(journal.types().size() - 1)).isEqualTo("error");
    assertThat(journal.last("error").data())
        .containsEntry("step", step)
        .containsEntry("cause", c.name())
        .containsEntry("retryable", c.retryable());
    assertThat(c.steps()).as("FailCause." + c + ".steps()").contains(step);
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  static long count(List<String> calls, String op) {
    return calls.stream().filter(op::equals).count();
  }

  /** Facts as prepare leaves them for wrap: a key, and parameters for {@code algorithm}. */
  AirGapFacts prepared(WrappingAlgorithm algorithm) {
    FakeKms.Key k = existing(ID, KeySpec.SYMMETRIC_DEFAULT, "EXTERNAL", "PendingImport");
    ImportParameters p =
        kms.getParametersForImport(k.id, algorithm, WrappingKeySpec.RSA_2048).value();
    kms.calls.clear();
    return new AirGapFacts(
        ID, KeySpec.SYMMETRIC_DEFAULT, algorithm, p, null, null, false, null, null);
  }
}
