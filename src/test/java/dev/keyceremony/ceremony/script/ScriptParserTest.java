package dev.keyceremony.ceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptParserTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  @TempDir Path dir;
  ScriptParser parser;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("module.so"), "not really a module");
    parser = new ScriptParser(Clock.fixed(NOW, ZoneOffset.UTC), "20261128T120000Z");
  }

  static String valid() {
    return String.join(
        "\n",
        "name: payments-2026",
        "purpose: Import the payments key",
        "roles:",
        "  operator: olivia",
        "  custodians: [carol, chris]",
        "  witnesses: [wendy]",
        "  approvals-required: 2",
        "hsm:",
        "  module: module.so",
        "  token: ceremony-dev",
        "  user-pin: file:pins/user.pin",
        "kms:",
        "  endpoint: http://127.0.0.1:4599",
        "key:",
        "  create:",
        "    spec: SYMMETRIC_DEFAULT",
        "    alias: alias/payments-{run}",
        "    tags: {team: payments}",
        "material:",
        "  generate: payments-{run}",
        "wrapping:",
        "  algorithm: auto",
        "  key-spec: RSA_3072",
        "expiration:",
        "  model: KEY_MATERIAL_EXPIRES",
        "  valid-for: 90d",
        "transcript:",
        "  out: out",
        "  signer: ceremony-signer",
        "");
  }

  CeremonyScript parse(String yaml) {
    return parser.parse(yaml, "test.yaml", dir);
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
  void parse_validScript_resolvesEverything() {
    CeremonyScript s = parse(valid());
    assertThat(s.name()).isEqualTo("payments-2026");
    assertThat(s.roles().custodians()).containsExactly("carol", "chris");
    assertThat(s.roles().approvalsRequired()).isEqualTo(2);
    assertThat(s.hsm().module()).isEqualTo(dir.resolve("module.so"));
    assertThat(s.hsm().userPin())
        .isEqualTo(PinSource.parse("file:" + dir.resolve("pins/user.pin")));
    assertThat(s.hsm().trusted()).isFalse();
    assertThat(s.hsm().initArgs()).isNull();
    assertThat(s.kms().endpoint()).isEqualTo("http://127.0.0.1:4599");
    assertThat(s.kms().regionOrDefault()).isEqualTo("us-east-1");
    assertThat(s.key().create().spec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(s.key().create().usage()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(s.key().create().alias()).isEqualTo("alias/payments-20261128T120000Z");
    assertThat(s.key().create().tags()).containsEntry("team", "payments");
    assertThat(s.material()).isEqualTo(new MaterialSection("payments-20261128T120000Z", true));
    assertThat(s.wrapping().algorithm()).isNull();
    assertThat(s.wrapping().keySpec()).isEqualTo(WrappingKeySpec.RSA_3072);
    assertThat(s.expiration().validFor()).isEqualTo(Duration.ofDays(90));
    assertThat(s.expiration().validToAt(NOW)).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(s.transcript().out()).isEqualTo(dir.resolve("out"));
    assertThat(s.acknowledgementsGiven()).isEmpty();
  }

  @Test
  void initArgs_relativeNssConfigdirResolvesAgainstTheScript_restUnchanged() {
    CeremonyScript s =
        parse(
            valid()
                .replace(
                    "  token: ceremony-dev\n",
                    "  token: NSS Certificate DB\n"
                        + "  init-args: \"configdir='sql:../.nss/db' certPrefix='' keyPrefix=''"
                        + " secmod='secmod.db' flags=\"\n"));
    assertThat(s.hsm().initArgs())
        .isEqualTo(
            "configdir='sql:"
                + dir.resolve("../.nss/db").normalize()
                + "' certPrefix='' keyPrefix='' secmod='secmod.db' flags=");
    assertThat(s.hsm().token()).isEqualTo("NSS Certificate DB");
  }

  @Test
  void initArgs_absoluteOrOtherStringsAreKeptAsGiven() {
    assertThat(HsmSectionParser.resolveNssConfigDir("configdir='sql:/abs/db' flags=", dir))
        .isEqualTo("configdir='sql:/abs/db' flags=");
    assertThat(HsmSectionParser.resolveNssConfigDir("configdir='rel' flags=readOnly", dir))
        .isEqualTo("configdir='" + dir.resolve("rel") + "' flags=readOnly");
    assertThat(HsmSectionParser.resolveNssConfigDir("vendor-option=1", dir))
        .isEqualTo("vendor-option=1");
  }

  @Test
  void parse_everyProblemReportedAtOnce_withFieldPathsAndAllowedValues() {
    String yaml =
        valid()
            .replace("spec: SYMMETRIC_DEFAULT", "spec: RSA_1024")
            .replace("key-spec: RSA_3072", "key-spec: RSA_1024")
            .replace("approvals-required: 2", "approvals-required: 3")
            .replace("  token: ceremony-dev", "  token: ceremony-dev\n  pin: 1234")
            .replace("valid-for: 90d", "valid-for: 400d");
    assertThat(problems(yaml))
        .containsExactly(
            "roles.approvals-required: '3' is out of range; allowed: 1 to 2 (the number of custodians)",
            "hsm.pin: unknown key; allowed here: module, token, init-args, user-pin, so-pin",
            "key.create.spec: 'RSA_1024' is not importable; allowed: " + KeySpec.allowedNames(),
            "wrapping.key-spec: 'RSA_1024' is not allowed; allowed: RSA_2048, RSA_3072, RSA_4096",
            "expiration.valid-for: '400d' is out of range; KMS needs a ValidTo in the future and at"
                + " most 365 days ahead");
  }

  @Test
  void parse_unknownTopLevelKeyAndMissingSections_reported() {
    String yaml = "name: x\npurpose: y\ncolour: blue\n";
    assertThat(problems(yaml))
        .containsExactly(
            "colour: unknown key; allowed here: name, purpose, roles, hsm, kms, key, material,"
                + " wrapping, expiration, transcript, acknowledgements",
            "roles: is required: a section with the keys operator, custodians, witnesses,"
                + " approvals-required, ask-everyone",
            "hsm: is required: a section with the keys module, token, init-args, user-pin, so-pin",
            "kms: is required: a section with the keys region, profile, endpoint, embedded,"
                + " retry-budget",
            "key: is required: a section with the keys create, existing, rotate, replica-regions",
            "material: is required: a section with the keys generate, existing, id, key-material-id",
            "wrapping: is required: a section with the keys algorithm, key-spec",
            "expiration: is required: a section with the keys model, valid-to, valid-for",
            "transcript: is required: a section with the keys out, signer, signer-fingerprint");
  }

  @Test
  void parse_aliasAsExistingKey_refusedWithReasonAndFix() {
    String yaml =
        valid()
            .replace(
                "  create:\n    spec: SYMMETRIC_DEFAULT\n    alias: alias/payments-{run}\n"
                    + "    tags: {team: payments}\n",
                "  existing: alias/payments\n");
    assertThat(problems(yaml))
        .containsExactly(
            "key.existing: 'alias/payments' is an alias; GetParametersForImport and ImportKeyMaterial"
                + " accept only a key ID or key ARN (an alias can be moved to another key between the"
                + " check and the import); find the key ID with: aws kms describe-key --key-id"
                + " alias/payments --query KeyMetadata.KeyId");
  }

  @Test
  void parse_existingKeyArn_accepted() {
    String arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    String yaml =
        valid()
            .replace(
                "  create:\n    spec: SYMMETRIC_DEFAULT\n    alias: alias/payments-{run}\n"
                    + "    tags: {team: payments}\n",
                "  existing: " + arn + "\n");
    assertThat(parse(yaml).key().existing()).isEqualTo(arn);
  }

  @Test
  void parse_literalPin_refusedWithoutEchoingIt() {
    List<String> p = problems(valid().replace("file:pins/user.pin", "'123456'"));
    assertThat(p).hasSize(1);
    assertThat(p.get(0))
        .startsWith(
            "hsm.user-pin: PIN source is not 'prompt', 'env:NAME'," + " 'file:PATH' or 'shares:M'")
        .doesNotContain("123456");
  }

  @Test
  void parse_validToInThePastOrTooFar_refused() {
    String past = valid().replace("valid-for: 90d", "valid-to: 2026-11-01T00:00:00Z");
    assertThat(problems(past))
        .containsExactly(
            "expiration.valid-to: '2026-11-01T00:00:00Z' is in the past; KMS needs a ValidTo in the"
                + " future, at most 365 days ahead");
    String far = valid().replace("valid-for: 90d", "valid-to: 2027-12-01");
    assertThat(problems(far))
        .containsExactly(
            "expiration.valid-to: '2027-12-01T00:00:00Z' is more than 365 days ahead (latest allowed"
                + " now: 2027-11-28T12:00:00Z); KMS refuses a later ValidTo");
  }

  @Test
  void parse_validToWithinRange_acceptedAsInstant() {
    CeremonyScript s = parse(valid().replace("valid-for: 90d", "valid-to: 2027-01-31T00:00:00Z"));
    assertThat(s.expiration().validToAt(NOW)).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
  }

  @Test
  void parse_doesNotExpireWithValidTo_refused() {
    String yaml =
        valid().replace("model: KEY_MATERIAL_EXPIRES", "model: KEY_MATERIAL_DOES_NOT_EXPIRE");
    assertThat(problems(yaml))
        .containsExactly(
            "expiration.valid-for: is not allowed with KEY_MATERIAL_DOES_NOT_EXPIRE; remove it or use"
                + " KEY_MATERIAL_EXPIRES");
  }

  @Test
  void parse_algorithmTheKeySpecDoesNotAllow_refused() {
    String yaml = valid().replace("algorithm: auto", "algorithm: RSA_AES_KEY_WRAP_SHA_256");
    assertThat(problems(yaml))
        .containsExactly(
            "wrapping.algorithm: KMS does not accept RSA_AES_KEY_WRAP_SHA_256 for SYMMETRIC_DEFAULT key"
                + " material; allowed: [RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1]");
    CeremonyScript ok = parse(valid().replace("algorithm: auto", "algorithm: RSAES_OAEP_SHA_1"));
    assertThat(ok.wrapping().algorithm()).isEqualTo(WrappingAlgorithm.RSAES_OAEP_SHA_1);
  }

  @Test
  void parse_usageTheProofCannotCheck_refused() {
    String yaml =
        valid()
            .replace("spec: SYMMETRIC_DEFAULT", "spec: RSA_2048\n    usage: ENCRYPT_DECRYPT")
            .replace("algorithm: auto", "algorithm: RSA_AES_KEY_WRAP_SHA_1");
    assertThat(problems(yaml))
        .containsExactly(
            "key.create.usage: 'ENCRYPT_DECRYPT' is not allowed for RSA_2048; allowed: SIGN_VERIFY"
                + " (the proof step signs in KMS and verifies under the HSM's public key; an encryption"
                + " or key-agreement key pair cannot be proven that way)");
  }

  @Test
  void parse_kmsModes_exclusiveAndOneRequired() {
    assertThat(problems(valid().replace("  endpoint: http://127.0.0.1:4599", "  profile: prod")))
        .containsExactly(
            "kms.region: is required: give region (and optionally profile) for AWS"
                + " KMS, endpoint for a local KMS, or embedded: true for a demo");
    assertThat(
            problems(
                valid()
                    .replace(
                        "  endpoint: http://127.0.0.1:4599",
                        "  endpoint: http://127.0.0.1:4599\n  embedded: true")))
        .containsExactly(
            "kms.embedded: true cannot be combined with endpoint or profile; the"
                + " embedded local KMS runs in-process and needs neither");
    assertThat(
            parse(valid().replace("  endpoint: http://127.0.0.1:4599", "  region: eu-west-1"))
                .kms()
                .region())
        .isEqualTo("eu-west-1");
  }

  @Test
  void parse_rolesRules_witnessIsNotOperatorAndNamesUnique() {
    String yaml =
        valid()
            .replace("custodians: [carol, chris]", "custodians: [carol, carol]")
            .replace("witnesses: [wendy]", "witnesses: [olivia]");
    assertThat(problems(yaml))
        .containsExactly(
            "roles.custodians: 'carol' is listed twice; each person is listed once",
            "roles.witnesses: 'olivia' is the operator; a witness must be someone other than the"
                + " person running the tool");
  }

  @Test
  void parse_moduleMissing_reportsResolvedPath() {
    List<String> p = problems(valid().replace("module: module.so", "module: nope.so"));
    assertThat(p)
        .containsExactly(
            "hsm.module: 'nope.so' does not exist (resolved to "
                + dir.resolve("nope.so")
                + "); give the path of the vendor's PKCS#11 library");
  }

  @Test
  void parse_duplicateKeyAndBadYaml_reportedAsSyntax() {
    assertThatThrownBy(() -> parse(valid() + "name: again\n"))
        .isInstanceOf(ScriptException.class)
        .hasMessageContaining("(syntax): not valid YAML")
        .hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void parse_acknowledgements_checkedAgainstRoles() {
    String yaml =
        valid() + "acknowledgements:\n  approvals: [carol, mallory]\n" + "  confirmations: []\n";
    assertThat(problems(yaml))
        .containsExactly(
            "acknowledgements.approvals: 'mallory' is not a custodian; allowed: carol, chris",
            "acknowledgements.approvals: 1 custodian approval(s) listed but roles.approvals-required"
                + " is 2",
            "acknowledgements.confirmations: witness 'wendy' is missing; every witness in"
                + " roles.witnesses must confirm the wrapping key fingerprint");
    CeremonyScript ok =
        parse(
            valid()
                + "acknowledgements:\n  approvals: [carol, chris]\n"
                + "  confirmations: [wendy]\n");
    assertThat(ok.acknowledgements().approvals()).containsExactly("carol", "chris");
    assertThat(ok.acknowledgements().source()).isEqualTo("script test.yaml");
  }

  @Test
  void parseAcknowledgements_fromFile() throws IOException {
    Path f = dir.resolve("acks.yaml");
    Files.writeString(f, "approvals: [chris, carol]\nconfirmations: [wendy]\n");
    Roles roles = parse(valid()).roles();
    Acknowledgements a = parser.parseAcknowledgements(f, roles);
    assertThat(a.approvals()).containsExactly("chris", "carol");
    assertThat(a.source()).isEqualTo("file " + f);
  }

  @Test
  void scriptException_messageListsEveryProblem() {
    assertThatThrownBy(() -> parse("name: 'bad name!'\n"))
        .isInstanceOf(ScriptException.class)
        .hasMessageStartingWith(
            "test.yaml: 10 problems; nothing was done\n"
                + "  name: 'bad name!' must be 1 to 64 letters");
  }
}
