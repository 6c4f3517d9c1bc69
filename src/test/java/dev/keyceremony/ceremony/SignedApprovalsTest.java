package dev.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.sshsig.SshKeygen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals as SSHSIG signatures made by the real ssh-keygen, over Fake HSM and KMS ports: only
 * valid signatures by custodians on the roster count; each other one is named with its reason; too
 * few stop the ceremony before CreateKey, naming who is missing.
 */
class SignedApprovalsTest {
  private static final String SHA = "5ca1ab1e";
  @TempDir static Path keys;
  private static Path carol;
  private static Path chris;
  private static Path dave;
  private static Path mallory;
  private static Path wendy;

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  FakeHsmSession hsm = new FakeHsmSession();
  FakeKms kms = new FakeKms(clock);
  FakeJournal journal = new FakeJournal();
  Path requestFile;

  @BeforeAll
  static void makeKeys() {
    carol = SshKeygen.generate(keys, "carol", "ed25519", 0);
    chris = SshKeygen.generate(keys, "chris", "ecdsa", 256);
    dave = SshKeygen.generate(keys, "dave", "ed25519", 0);
    mallory = SshKeygen.generate(keys, "mallory", "ed25519", 0);
    wendy = SshKeygen.generate(keys, "wendy", "ecdsa", 521);
  }

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("module.so"), "x");
  }

  String yaml(String purpose) {
    return String.join(
        "\n",
        "name: t",
        "purpose: " + purpose,
        "roles:",
        "  operator: olivia",
        "  custodians:",
        "    - {name: carol, ssh-key: '" + SshKeygen.publicLine(carol) + "'}",
        "    - {name: chris, ssh-key: '" + SshKeygen.publicLine(chris) + "'}",
        "    - {name: dave, ssh-key: '" + SshKeygen.publicLine(dave) + "'}",
        "  witnesses: [wendy]",
        "  approvals-required: 2",
        "hsm: {module: module.so, token: fake-token, user-pin: 'env:PIN'}",
        "kms: {endpoint: 'http://fake'}",
        "key:",
        "  create: {spec: SYMMETRIC_DEFAULT, alias: 'alias/t-{run}'}",
        "material: {generate: 'sym-{run}'}",
        "wrapping: {algorithm: auto, key-spec: RSA_2048}",
        "expiration: {model: KEY_MATERIAL_EXPIRES, valid-for: 30d}",
        "transcript: {out: out, signer: s}",
        "acknowledgements: {approvals: [], confirmations: [wendy]}",
        "");
  }

  /** As {@code plan --approval-request}: the script parsed with {run} unresolved. */
  ApprovalRequest planRequest(String purpose) throws Exception {
    CeremonyScript planned = new ScriptParser(clock, "{run}").parse(yaml(purpose), "t.yaml", dir);
    ApprovalRequest r =
        ApprovalPlanning.plan(planned, hsm, kms, "plan", SHA, clock, Duration.ofHours(24))
            .request();
    kms.calls.clear();
    requestFile = dir.resolve("approval-request.txt");
    Files.write(requestFile, r.bytes());
    return r;
  }

  Outcome run(ApprovalRequest req, List<PresignedApprovals.SignatureFile> sigs) {
    CeremonyScript s = new ScriptParser(clock, "run1").parse(yaml("test"), "t.yaml", dir);
    PresignedApprovals pre =
        new PresignedApprovals(
            "approvals/approval-request.txt",
            ApprovalRequest.parse(req.bytes(), "approval-request.txt"),
            sigs,
            "run1");
    CeremonyContext ctx =
        new CeremonyContext(
            s,
            hsm,
            kms,
            journal,
            new ScriptedParticipants(s.acknowledgements(), clock, pre),
            clock,
            new SecureRandom(),
            p -> {
              throw new AssertionError("no PIN needed");
            },
            Map.of("tool", "test", "script", Map.of("sha256", SHA)));
    return new Ceremony(ctx).run();
  }

  PresignedApprovals.SignatureFile sig(String name, Path key, String namespace, Path file) {
    return new PresignedApprovals.SignatureFile(name, SshKeygen.sign(key, namespace, file));
  }

  @Test
  void twoValidSignatures_ceremonySucceeds_evidenceRecordedAndSshKeygenVerifiesIt()
      throws Exception {
    ApprovalRequest req = planRequest("test");
    Outcome o =
        run(
            req,
            List.of(
                sig("carol.sig", carol, "kms-key-ceremony", requestFile),
                sig("chris.sig", chris, "kms-key-ceremony", requestFile)));
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    Map<String, Object> d = journal.last("step.approvals").data();
    assertThat(d)
        .containsEntry("approved", 2L)
        .containsEntry("approvedBy", List.of("carol", "chris"))
        .containsEntry("notApproved", List.of("dave"));
    @SuppressWarnings("unchecked")
    Map<String, Object> request = (Map<String, Object>) d.get("request");
    assertThat(request.get("text")).isEqualTo(req.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> acks = (List<Map<String, Object>>) d.get("acknowledgements");
    assertThat(acks)
        .extracting(a -> a.get("authentication"))
        .containsExactly("ssh-signature", "ssh-signature");
    // An auditor re-verifies what the transcript recorded with stock OpenSSH.
    @SuppressWarnings("unchecked")
    Map<String, Object> ev = (Map<String, Object>) acks.get(1).get("evidence");
    Path signed = dir.resolve("signed.txt");
    Files.writeString(signed, (String) request.get("text"), StandardCharsets.UTF_8);
    Path sigFile = dir.resolve("chris.sig");
    Files.writeString(sigFile, (String) ev.get("signature"));
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, "chris " + ev.get("sshKey") + "\n");
    assertThat(SshKeygen.verify(allowed, "chris", "kms-key-ceremony", sigFile, signed).exitCode())
        .isZero();
  }

  @Test
  void oneValidAndFourInvalid_stopsBeforeCreateKey_namingWhoIsMissingAndEachReason()
      throws Exception {
    ApprovalRequest req = planRequest("test");
    Path other = dir.resolve("other.txt");
    Files.writeString(other, req.text().replace("approvals-required: 2", "approvals-required: 1"));
    String good = SshKeygen.sign(dave, "kms-key-ceremony", requestFile);
    List<PresignedApprovals.SignatureFile> sigs =
        new ArrayList<>(
            List.of(
                sig("carol.sig", carol, "kms-key-ceremony", requestFile),
                sig("chris-git.sig", chris, "git", requestFile),
                sig("mallory.sig", mallory, "kms-key-ceremony", requestFile),
                sig("dave-other.sig", dave, "kms-key-ceremony", other),
                new PresignedApprovals.SignatureFile(
                    "dave-cut.sig", good.substring(0, good.length() / 2)),
                sig("carol-again.sig", carol, "kms-key-ceremony", requestFile)));
    Outcome o = run(req, sigs);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.failedStep()).isEqualTo("approvals");
    assertThat(o.causeCode()).isEqualTo("NOT_APPROVED");
    assertThat(o.message())
        .startsWith(
            "1 of the 2 custodian approvals required were given (by"
                + " carol); no approval from chris, dave; 5 signature(s) not counted:")
        .contains("chris-git.sig (NAMESPACE: by chris: signed for namespace 'git'")
        .contains("mallory.sig (UNKNOWN_KEY: signed by ssh-ed25519 SHA256:")
        .contains("which is not the ssh-key of any custodian in the script")
        .contains("dave-other.sig (BAD_SIGNATURE: by dave:")
        .contains("dave-cut.sig (ARMOR:")
        .contains("carol-again.sig (DUPLICATE: carol already approved");
    assertThat(kms.calls).doesNotContain("CreateKey");
    assertThat(hsm.calls).doesNotContain("generate");
  }

  @Test
  void expiredRequest_signaturesNotCounted() throws Exception {
    ApprovalRequest req = planRequest("test");
    List<PresignedApprovals.SignatureFile> sigs =
        List.of(
            sig("carol.sig", carol, "kms-key-ceremony", requestFile),
            sig("chris.sig", chris, "kms-key-ceremony", requestFile));
    clock.advance(Duration.ofHours(25));
    Outcome o = run(req, sigs);
    assertThat(o.causeCode()).isEqualTo("NOT_APPROVED");
    assertThat(o.message())
        .contains("carol.sig (EXPIRED: by carol, but the request expired at " + req.expires());
    assertThat(kms.calls).doesNotContain("CreateKey");
  }

  @Test
  void requestForAnotherPlan_refusedNamingTheLine() throws Exception {
    ApprovalRequest req = planRequest("another purpose");
    Outcome o = run(req, List.of(sig("carol.sig", carol, "kms-key-ceremony", requestFile)));
    assertThat(o.causeCode()).isEqualTo("APPROVAL_REQUEST_MISMATCH");
    assertThat(o.message())
        .contains(
            "the request says 'purpose: another purpose', the run" + " resolves 'purpose: test'");
    assertThat(kms.calls).doesNotContain("CreateKey");
  }

  /** Participants whose witness wendy signs the confirmation text with {@code witnessKey}. */
  Outcome runWithSigningWitness(Path witnessKey) throws Exception {
    String y =
        yaml("test")
            .replace(
                "  witnesses: [wendy]",
                "  witnesses:\n    - {name: wendy,"
                    + " ssh-key: '"
                    + SshKeygen.publicLine(wendy)
                    + "'}")
            .replace(
                "acknowledgements: {approvals: [], confirmations: [wendy]}",
                "acknowledgements: {approvals: [], confirmations: []}");
    CeremonyScript planned = new ScriptParser(clock, "{run}").parse(y, "t.yaml", dir);
    ApprovalRequest req =
        ApprovalPlanning.plan(planned, hsm, kms, "plan", SHA, clock, Duration.ofHours(24))
            .request();
    kms.calls.clear();
    requestFile = dir.resolve("approval-request.txt");
    Files.write(requestFile, req.bytes());
    CeremonyScript s = new ScriptParser(clock, "run1").parse(y, "t.yaml", dir);
    PresignedApprovals pre =
        new PresignedApprovals(
            "approvals",
            req,
            List.of(
                sig("carol.sig", carol, "kms-key-ceremony", requestFile),
                sig("chris.sig", chris, "kms-key-ceremony", requestFile)),
            "run1");
    ScriptedParticipants scripted = new ScriptedParticipants(s.acknowledgements(), clock, pre);
    Participants p =
        new Participants() {
          @Override
          public String mode() {
            return "test: witness signs";
          }

          @Override
          public java.util.Optional<PresignedApprovals> presigned() {
            return scripted.presigned();
          }

          @Override
          public List<Acknowledgement> approvals(
              dev.keyceremony.ceremony.script.Roles r, List<String> plan) {
            return List.of();
          }

          @Override
          public List<Acknowledgement> confirmations(
              dev.keyceremony.ceremony.script.Roles r, Fingerprint f) {
            throw new AssertionError("the prompt variant must be used");
          }

          @Override
          public List<Acknowledgement> confirmations(ConfirmationPrompt prompt) {
            try {
              Path text = dir.resolve("confirmation.txt");
              Files.writeString(text, prompt.text());
              String armored = SshKeygen.sign(witnessKey, "kms-key-ceremony", text);
              // What a front-end would pass on, whether or not the signature is good.
              return List.of(
                  new Acknowledgement(
                      "witness",
                      "wendy",
                      "confirmed",
                      clock.instant(),
                      "test",
                      Map.of("signature", armored, "source", "test")));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        };
    CeremonyContext ctx =
        new CeremonyContext(
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
            Map.of("tool", "test", "script", Map.of("sha256", SHA), "ceremonyId", "t-run1"));
    return new Ceremony(ctx).run();
  }

  @Test
  void witnessWithKey_signedConfirmation_counted_andTextRecorded() throws Exception {
    Outcome o = runWithSigningWitness(wendy);
    assertThat(o.succeeded()).as(String.valueOf(o.message())).isTrue();
    Map<String, Object> d = journal.last("step.parameters").data();
    assertThat((String) d.get("confirmationText"))
        .startsWith(
            "kms-key-ceremony fingerprint confirmation v1\nceremony: t-run1\nwrapping-key-sha256: ");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> c = (List<Map<String, Object>>) d.get("confirmations");
    assertThat(c)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.get("decision")).isEqualTo("confirmed");
              assertThat(x.get("authentication")).isEqualTo("ssh-signature");
            });
  }

  @Test
  void witnessWithKey_signatureByAnotherKey_notCounted_stopsBeforeImport() throws Exception {
    Outcome o = runWithSigningWitness(mallory);
    assertThat(o.causeCode()).isEqualTo("NOT_CONFIRMED");
    assertThat(kms.calls).doesNotContain("ImportKeyMaterial");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> c =
        (List<Map<String, Object>>)
            ((Map<String, Object>) journal.last("error").data().get("partial"))
                .get("confirmations");
    assertThat(c)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.get("decision")).isEqualTo("not counted");
              assertThat((String) x.get("how")).contains("(UNKNOWN_KEY)");
            });
  }
}
