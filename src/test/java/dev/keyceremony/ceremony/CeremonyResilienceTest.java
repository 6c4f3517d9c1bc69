package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.RetryingKms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-ahead intents, interruption, resumption, expired parameters and retries, over Fake ports
 * that lie in exactly the way each case needs.
 */
class CeremonyResilienceTest {
  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  FakeHsmSession hsm = new FakeHsmSession();
  FakeKms kms = new FakeKms(clock);
  FakeJournal journal = new FakeJournal();
  AtomicBoolean stop = new AtomicBoolean();

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  CeremonyScript parse(String spec) {
    return new ScriptParser(clock, "run1")
        .parse(
            CeremonyTest.script(CeremonyTest.create(spec), "{generate: 'm-{run}'}", "auto"),
            "t.yaml",
            dir);
  }

  CeremonyContext ctx(CeremonyScript s, Participants p, Resumption r, dev.keyceremony.kms.Kms k) {
    return new CeremonyContext(
        s,
        hsm,
        k,
        journal,
        p,
        clock,
        new SecureRandom(),
        x -> null,
        Map.of("tool", "test"),
        new CeremonyControl("t-run1", "out/t-run1", stop::get, r));
  }

  Outcome run(CeremonyScript s) {
    return new Ceremony(
            ctx(s, new ScriptedParticipants(s.acknowledgements(), clock), Resumption.NONE, kms))
        .run();
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

  static Object data(FakeJournal j, String type, String key) {
    return j.last(type).data().get(key);
  }

  @Test
  void createKey_tagsTheKeyWithTheCeremonyIdAndTheHsmLabel() {
    Outcome o = run(parse("SYMMETRIC_DEFAULT"));
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(kms.tags.get(o.keyId()))
        .containsEntry(RetryingKms.CEREMONY_TAG, "t-run1")
        .containsEntry("kms-key-ceremony:hsm-label", "m-run1");
  }

  @Test
  void aliasThatExists_stopsInPreflightBeforeCreateKey() {
    String other =
        kms.createKey(
                new dev.keyceremony.kms.CreateKeySpec(
                    "HMAC_256", "GENERATE_VERIFY_MAC", null, Map.of(), false))
            .value()
            .keyId();
    kms.aliases.put("alias/t", other);
    Outcome o = run(parse("HMAC_256"));
    assertThat(o.failedStep()).isEqualTo("preflight");
    assertThat(o.causeCode()).isEqualTo("ALIAS_EXISTS");
    assertThat(o.message()).contains("alias/t").contains(other);
    assertThat(kms.calls.stream().filter("CreateKey"::equals)).hasSize(1); // only the test's
  }

  @Test
  void unconfirmedFingerprint_recordsWhatExistsAndTheAbandonCommand() {
    CeremonyScript s = parse("SYMMETRIC_DEFAULT");
    Participants declining =
        new Scripted(s) {
          @Override
          public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
            return List.of(
                new Acknowledgement("witness", "wendy", "mismatch", clock.instant(), "test"));
          }
        };
    Outcome o = new Ceremony(ctx(s, declining, Resumption.NONE, kms)).run();
    assertThat(o.causeCode()).isEqualTo("NOT_CONFIRMED");
    Map<String, Object> err = journal.last("error").data();
    assertThat(err).containsEntry("retryable", false);
    assertThat(err.get("exists").toString())
        .contains("kms-key")
        .contains(o.keyId())
        .contains("alias/t")
        .doesNotContain("hsm-object");
    assertThat((String) err.get("next")).startsWith("./ceremony abandon out/t-run1");
  }

  @Test
  void stopRequested_endsWithInterruptedEntryAndNoOpenIntent() {
    CeremonyScript s = parse("SYMMETRIC_DEFAULT");
    Participants stopper =
        new Scripted(s) {
          @Override
          public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
            stop.set(true); // Ctrl-C while the witnesses compare
            return super.confirmations(roles, f);
          }
        };
    Outcome o = new Ceremony(ctx(s, stopper, Resumption.NONE, kms)).run();
    assertThat(o.causeCode()).isEqualTo("INTERRUPTED");
    assertThat(journal.types()).last().isEqualTo("ceremony.interrupted");
    Map<String, Object> d = journal.last("ceremony.interrupted").data();
    assertThat(d)
        .containsEntry("inStep", "hsm-prepare")
        .containsEntry("resume", "./ceremony resume out/t-run1")
        .containsEntry("abandon", "./ceremony abandon out/t-run1");
    assertThat(d.get("exists").toString()).contains(o.keyId());
    long intents = journal.types().stream().filter("intent"::equals).count();
    long results = journal.types().stream().filter("result"::equals).count();
    assertThat(intents).isEqualTo(results);
    assertThat(hsm.calls).doesNotContain("generate");
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  @Test
  void expiredImportToken_fetchesNewParametersAsksAgainAndCompletes() {
    kms.queued.put(
        "ImportKeyMaterial",
        new ArrayDeque<>(
            List.of(
                new KmsException(
                    "ImportKeyMaterial",
                    "ExpiredImportTokenException",
                    "expired",
                    "req-exp",
                    400))));
    CeremonyScript s = parse("HMAC_256");
    int[] asked = {0};
    Participants counting =
        new Scripted(s) {
          @Override
          public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
            asked[0]++;
            return super.confirmations(roles, f);
          }
        };
    Outcome o = new Ceremony(ctx(s, counting, Resumption.NONE, kms)).run();
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(asked[0]).isEqualTo(2);
    assertThat(journal.types()).contains("parameters.expired");
    assertThat(kms.calls.stream().filter("GetParametersForImport"::equals)).hasSize(2);
    assertThat(hsm.calls.stream().filter("generate"::equals)).hasSize(1);
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  @Test
  void parametersThatKeepExpiring_stopRetryablyAfterThreeRefreshes() {
    KmsException expired =
        new KmsException(
            "ImportKeyMaterial", "ExpiredImportTokenException", "expired", "req-exp", 400);
    kms.queued.put(
        "ImportKeyMaterial", new ArrayDeque<>(List.of(expired, expired, expired, expired)));
    Outcome o = run(parse("SYMMETRIC_DEFAULT"));
    assertThat(o.causeCode()).isEqualTo("PARAMETERS_EXPIRED");
    assertThat(o.failedStep()).isEqualTo("wrap-import");
    assertThat(journal.types().stream().filter("parameters.expired"::equals)).hasSize(3);
    assertThat(kms.calls.stream().filter("GetParametersForImport"::equals)).hasSize(4);
    assertThat(hsm.calls.stream().filter("generate"::equals)).hasSize(1);
    Map<String, Object> err = journal.last("error").data();
    assertThat(err).containsEntry("cause", "PARAMETERS_EXPIRED").containsEntry("retryable", true);
    assertThat((String) err.get("next")).startsWith("./ceremony resume out/t-run1");
    assertThat(hsm.liveWrappingKeys).isEmpty();
  }

  @Test
  void parametersThatExpiredWhileTheRoomWaited_areFetchedAgain() {
    CeremonyScript s = parse("SYMMETRIC_DEFAULT");
    boolean[] once = {true};
    Participants slow =
        new Scripted(s) {
          @Override
          public List<Acknowledgement> confirmations(Roles roles, Fingerprint f) {
            if (once[0]) {
              once[0] = false;
              clock.advance(Duration.ofHours(25)); // the witnesses took a day
            }
            return super.confirmations(roles, f);
          }
        };
    Outcome o = new Ceremony(ctx(s, slow, Resumption.NONE, kms)).run();
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat((String) data(journal, "parameters.expired", "reason"))
        .contains("expired at 2026-11-29T12:00:00Z");
  }

  @Test
  void throttlingAndServerErrors_areRetriedAndEachRetryRecorded() {
    KmsException throttled =
        new KmsException("CreateKey", "ThrottlingException", "slow down", "req-t1", 400);
    KmsException internal =
        new KmsException("GetParametersForImport", "KMSInternalException", "oops", "req-500", 500);
    kms.queued.put("CreateKey", new ArrayDeque<>(List.of(throttled)));
    kms.queued.put("GetParametersForImport", new ArrayDeque<>(List.of(internal, internal)));
    RetryingKms retrying =
        new RetryingKms(
            kms,
            RetryingKms.Policy.defaults(),
            clock,
            d -> clock.advance(d),
            new Random(1),
            stop::get);
    CeremonyScript s = parse("SYMMETRIC_DEFAULT");
    Outcome o =
        new Ceremony(
                ctx(
                    s,
                    new ScriptedParticipants(s.acknowledgements(), clock),
                    Resumption.NONE,
                    retrying))
            .run();
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(kms.calls.stream().filter("CreateKey"::equals)).hasSize(2);
    assertThat(kms.keys).hasSize(1);
    String createKey = journal.last("step.create-key").data().get("kmsRequests").toString();
    assertThat(createKey)
        .contains("retries")
        .contains("ThrottlingException")
        .contains("req-t1")
        .contains("attempt=1");
    String params = journal.last("step.parameters").data().get("kmsRequests").toString();
    assertThat(params).contains("KMSInternalException").contains("attempt=2");
  }

  @Test
  void createKeyWhoseAnswerWasLost_isFoundByItsTagNotCreatedTwice() {
    // The fake creates the key, then the "answer" is lost: a 503 after the work was done.
    FakeKms lossy =
        new FakeKms(clock) {
          boolean lost;

          @Override
          public dev.keyceremony.kms.Reply<dev.keyceremony.kms.KeyInfo> createKey(
              dev.keyceremony.kms.CreateKeySpec spec) {
            var r = super.createKey(spec);
            if (!lost) {
              lost = true;
              throw new KmsException("CreateKey", "ServiceUnavailableException", "lost", null, 503);
            }
            return r;
          }
        };
    kms = lossy;
    RetryingKms retrying =
        new RetryingKms(
            lossy,
            RetryingKms.Policy.defaults(),
            clock,
            d -> clock.advance(d),
            new Random(2),
            stop::get);
    CeremonyScript s = parse("HMAC_256");
    Outcome o =
        new Ceremony(
                ctx(
                    s,
                    new ScriptedParticipants(s.acknowledgements(), clock),
                    Resumption.NONE,
                    retrying))
            .run();
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(lossy.keys).hasSize(1);
    assertThat(lossy.calls.stream().filter("CreateKey"::equals)).hasSize(1);
  }

  @Test
  void retryBudgetExhausted_failsRetryablyAndNamesResume() {
    KmsException throttled =
        new KmsException(
            "GetParametersForImport", "ThrottlingException", "slow down", "req-t", 400);
    kms.failures.put("GetParametersForImport", throttled);
    RetryingKms retrying =
        new RetryingKms(
            kms,
            RetryingKms.Policy.withBudget(Duration.ofSeconds(30)),
            clock,
            d -> clock.advance(d),
            new Random(3),
            stop::get);
    CeremonyScript s = parse("SYMMETRIC_DEFAULT");
    Outcome o =
        new Ceremony(
                ctx(
                    s,
                    new ScriptedParticipants(s.acknowledgements(), clock),
                    Resumption.NONE,
                    retrying))
            .run();
    assertThat(o.causeCode()).isEqualTo("ThrottlingException");
    assertThat(o.message()).contains("gave up after").contains("retry budget of 30 s");
    assertThat(journal.last("error").data()).containsEntry("retryable", true);
    assertThat((String) data(journal, "error", "next")).startsWith("./ceremony resume");
  }

  @Test
  void resumed_afterKeyAndMaterialExist_neitherIsMadeAgain() {
    CeremonyScript s = parse("SYMMETRIC_DEFAULT");
    // An earlier run created the key and the alias, approved, and generated the material.
    var key =
        kms.createKey(
                new dev.keyceremony.kms.CreateKeySpec(
                    "SYMMETRIC_DEFAULT",
                    "ENCRYPT_DECRYPT",
                    null,
                    Map.of(RetryingKms.CEREMONY_TAG, "t-run1"),
                    false))
            .value();
    kms.aliases.put("alias/t", key.keyId());
    var target =
        hsm.generate(
            new dev.keyceremony.hsm.GenerateRequest(
                dev.keyceremony.core.KeySpec.SYMMETRIC_DEFAULT, "m-run1", false));
    kms.calls.clear();
    hsm.calls.clear();
    Resumption r =
        new Resumption(true, key.keyId(), true, "m-run1", target.idHex(), false, null, null, null);
    Outcome o =
        new Ceremony(ctx(s, new ScriptedParticipants(s.acknowledgements(), clock), r, kms)).run();
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(o.keyId()).isEqualTo(key.keyId());
    assertThat(kms.calls).doesNotContain("CreateKey", "CreateAlias");
    assertThat(hsm.calls).doesNotContain("generate");
    assertThat(journal.types())
        .doesNotContain("ceremony.opened", "step.approvals", "step.create-key")
        .contains("step.wrap-import", "ceremony.sealed");
  }

  @Test
  void resumed_afterTheImportHappened_onlyProves() {
    CeremonyScript s = parse("HMAC_256");
    Outcome first = run(s);
    assertThat(first.succeeded()).isTrue();
    journal.entries.clear();
    kms.calls.clear();
    kms.aliases.clear();
    kms.aliases.put("alias/t", first.keyId());
    Resumption r =
        new Resumption(
            true,
            first.keyId(),
            true,
            hsm.objects.keySet().iterator().next(),
            hsm.objects.values().iterator().next().idHex(),
            true,
            null,
            null,
            kms.describeKey(first.keyId()).value().validTo());
    Outcome o =
        new Ceremony(ctx(s, new ScriptedParticipants(s.acknowledgements(), clock), r, kms)).run();
    assertThat(o.succeeded()).as(o.message()).isTrue();
    assertThat(kms.calls)
        .doesNotContain("CreateKey", "GetParametersForImport", "ImportKeyMaterial");
    assertThat(journal.types()).containsExactly("step.preflight", "step.prove", "ceremony.sealed");
  }
}
