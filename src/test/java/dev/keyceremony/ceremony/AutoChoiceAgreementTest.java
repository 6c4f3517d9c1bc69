package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.AutoAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wrapping.algorithm: auto} as {@code hsm info} shows it, as {@code plan} resolves it and as
 * {@code run} records it agree, for the same token and script: tokens whose self-test passes an
 * algorithm that a trial wrap of the material's kind then fails, and trusted mode on a token that
 * cannot wrap wrap-with-trusted material with RSA_AES_KEY_WRAP.
 */
class AutoChoiceAgreementTest {
  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

  /** A token: which algorithms pass the self-test, OAEP of private keys, native RSA_AES. */
  record Token(
      Set<WrappingAlgorithm> passing, boolean oaepWrapsPrivateKeys, boolean nativeRsaAesWrap) {
    FakeHsmSession session() {
      FakeHsmSession h = new FakeHsmSession();
      h.passing.clear();
      h.passing.addAll(passing);
      h.oaepWrapsPrivateKeys = oaepWrapsPrivateKeys;
      h.nativeRsaAesWrap = nativeRsaAesWrap;
      return h;
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  @Test
  void hsmInfoPlanAndRun_chooseTheSameAlgorithm() {
    Set<WrappingAlgorithm> sha1 =
        EnumSet.of(WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
    List<Token> tokens =
        List.of(
            new Token(sha1, false, true), // SoftHSM 2.6.1-like
            new Token(sha1, false, false), // no native CKM_RSA_AES_KEY_WRAP: trusted mode differs
            new Token(EnumSet.allOf(WrappingAlgorithm.class), true, true),
            // Self-test passes OAEP only; a key pair cannot be OAEP-wrapped: none for EC and RSA.
            new Token(EnumSet.of(WrappingAlgorithm.RSAES_OAEP_SHA_1), false, true));
    List<String> seen = new ArrayList<>();
    for (Token token : tokens) {
      for (boolean trusted : new boolean[] {false, true}) {
        for (KeySpec spec :
            List.of(
                KeySpec.SYMMETRIC_DEFAULT,
                KeySpec.HMAC_384,
                KeySpec.ECC_NIST_P384,
                KeySpec.RSA_2048)) {
          String yaml = script(spec, trusted);
          FakeHsmSession info = token.session();
          Optional<WrappingAlgorithm> shown =
              AutoAlgorithm.table(
                      info.selfTest(WrappingKeySpec.RSA_2048),
                      new AutoAlgorithm.Trial(info, WrappingKeySpec.RSA_2048, trusted))
                  .get(spec);
          String plan = plan(token, yaml);
          String run = run(token, yaml);
          String expected = shown.map(Enum::name).orElse("none");
          String what = token + " trusted=" + trusted + " " + spec;
          assertThat(plan).as("plan, " + what).isEqualTo(expected);
          assertThat(run).as("run, " + what).isEqualTo(expected);
          seen.add(spec + (trusted ? " trusted " : " ") + expected);
        }
      }
    }
    // The cases where the self-test alone (the old hsm info) named an algorithm run cannot use.
    assertThat(seen)
        .contains(
            "ECC_NIST_P384 trusted none",
            "ECC_NIST_P384 none",
            "SYMMETRIC_DEFAULT trusted RSAES_OAEP_SHA_1",
            "ECC_NIST_P384 RSA_AES_KEY_WRAP_SHA_1",
            "ECC_NIST_P384 trusted RSA_AES_KEY_WRAP_SHA_256",
            "RSA_2048 none");
  }

  private String script(KeySpec spec, boolean trusted) {
    return String.join(
        "\n",
        "name: t",
        "purpose: test",
        "roles: {operator: olivia, custodians: [carol, chris], witnesses: [wendy],"
            + " approvals-required: 2}",
        "hsm: {module: module.so, token: fake-token, user-pin: 'env:PIN'"
            + (trusted ? ", so-pin: 'env:SO'}" : "}"),
        "kms: {endpoint: 'http://fake'}",
        "key:",
        "  create: {spec: " + spec + "}",
        "material: {generate: 'm-{run}'}",
        "wrapping: {algorithm: auto, key-spec: RSA_2048}",
        "expiration: {model: KEY_MATERIAL_EXPIRES, valid-for: 30d}",
        "transcript: {out: out, signer: s}",
        CeremonyTest.ACKS);
  }

  private CeremonyScript parse(String yaml) {
    return new ScriptParser(clock, "run1").parse(yaml, "t.yaml", dir);
  }

  /** The algorithm plan names in its parameters step, or "none" when plan stops in preflight. */
  private String plan(Token token, String yaml) {
    try {
      List<String> lines =
          Ceremony.plan(parse(yaml), token.session(), new FakeKms(clock), "non-interactive");
      return lines.stream()
          .filter(l -> l.contains("WrappingAlgorithm="))
          .findFirst()
          .orElseThrow()
          .replaceAll(".*WrappingAlgorithm=(\\S+).*", "$1");
    } catch (CeremonyFailure f) {
      assertThat(f.getMessage()).containsAnyOf("auto found no algorithm", "trusted mode");
      return "none";
    }
  }

  /** The algorithm run records in its preflight entry, or "none" when preflight stopped it. */
  private String run(Token token, String yaml) {
    FakeJournal journal = new FakeJournal();
    CeremonyScript s = parse(yaml);
    CeremonyContext ctx =
        new CeremonyContext(
            s,
            token.session(),
            new FakeKms(clock),
            journal,
            new ScriptedParticipants(s.acknowledgements(), clock),
            clock,
            new SecureRandom(),
            p -> Secret.adopt("fake-so-pin".toCharArray()),
            Map.of("tool", "test"));
    Outcome o = new Ceremony(ctx).run();
    return journal.entries.stream()
        .filter(e -> e.type().equals("step.preflight"))
        .findFirst()
        .map(e -> (String) e.data().get("algorithm"))
        .orElseGet(
            () -> {
              assertThat(o.succeeded()).isFalse();
              assertThat(o.causeCode()).isIn("SELF_TEST", "TRUSTED_MODE");
              return "none";
            });
  }
}
