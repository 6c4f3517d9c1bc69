package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.core.sshsig.SshKeygen;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.transcript.TranscriptVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dual control end to end on the real SoftHSM2 token and the local KMS over HTTP: three custodians
 * with keys made by ssh-keygen, the user PIN split 2-of-3 with {@code pin split}, the approval
 * request written by {@code plan --approval-request} and signed with {@code ssh-keygen -Y sign};
 * then an auditor re-verifies the recorded approvals with {@code ssh-keygen -Y verify}. With one
 * signature short, the ceremony stops before CreateKey and says who is missing.
 */
class DualControlIT extends CeremonyItFixture {
  private static Path carol;
  private static Path chris;
  private static Path dave;
  private static List<Path> shares;

  @BeforeAll
  static void custodiansAndPinShares() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    carol = SshKeygen.generate(keys, "carol", "ed25519", 0);
    chris = SshKeygen.generate(keys, "chris", "ecdsa", 384);
    dave = SshKeygen.generate(keys, "dave", "rsa", 3072);
    Path out = dir.resolve("pin-shares");
    ItCeremony.Cli split =
        ItCeremony.main(
            "pin",
            "split",
            "--shares",
            "3",
            "--threshold",
            "2",
            "--out",
            out.toString(),
            "--pin",
            "file:" + ItCeremony.pinFile("user"));
    assertThat(split.exit()).as(split.all()).isZero();
    try (var s = Files.list(out)) {
      shares = s.sorted().toList();
    }
    assertThat(shares).hasSize(3);
  }

  static String yaml() {
    String base =
        ItCeremony.script(
            kms,
            "  create:\n    spec: SYMMETRIC_DEFAULT\n    alias:" + " 'alias/dual-{run}'",
            "generate: 'dual-{run}'",
            "auto",
            "RSA_2048",
            ItCeremony.EXPIRES_30D);
    return base.replace(
            "  custodians: [carol, chris]\n",
            "  custodians:\n"
                + "    - {name: carol, ssh-key: '"
                + SshKeygen.publicLine(carol)
                + "'}\n"
                + "    - {name: chris, ssh-key: '"
                + SshKeygen.publicLine(chris)
                + "'}\n"
                + "    - {name: dave, ssh-key: '"
                + SshKeygen.publicLine(dave)
                + "'}\n")
        .replace(
            "  user-pin: file:" + ItCeremony.pinFile("user"),
            "  user-pin: 'shares:2:file:" + shares.get(0) + ",file:" + shares.get(2) + "'")
        .replace("  approvals: [carol, chris]", "  approvals: []");
  }

  /** plan --approval-request in a fresh directory; returns the directory and request file. */
  static Path planRequest(Path script, String name) {
    Path approvals = dir.resolve(name);
    Path request = approvals.resolve("approval-request.txt");
    try {
      Files.createDirectories(approvals);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ItCeremony.Cli plan =
        ItCeremony.main("plan", script.toString(), "--approval-request", request.toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    assertThat(plan.out())
        .contains("Approval request ")
        .contains("ssh-keygen -Y sign -n" + " kms-key-ceremony");
    return request;
  }

  static void sign(Path key, Path request, String sigName) throws Exception {
    String sig = SshKeygen.sign(key, "kms-key-ceremony", request);
    Files.delete(Path.of(request + ".sig"));
    Files.writeString(request.resolveSibling(sigName), sig);
  }

  @Test
  void twoOfThreeSigned_pinFromTwoShares_succeeds_andSshKeygenVerifiesTheTranscript()
      throws Exception {
    Path script = dir.resolve("dual.yaml");
    Files.writeString(script, yaml());
    Path request = planRequest(script, "approvals-ok");
    sign(carol, request, "carol.sig");
    sign(dave, request, "dave.sig");

    ItCeremony.Cli run =
        ItCeremony.main(
            "run",
            script.toString(),
            "--non-interactive",
            "--approvals",
            request.getParent().toString());
    assertThat(run.exit()).as(run.all()).isZero();
    Path bundle = run.bundle();
    assertThat(TranscriptVerifier.verify(bundle).isValid()).isTrue();

    JsonNode opened = Bundles.last(bundle, "ceremony.opened");
    assertThat(opened.get("userPin").get("source").asText()).isEqualTo("shares");
    assertThat(opened.get("userPin").get("sharesUsed").toString()).isEqualTo("[1,3]");
    String transcript = Files.readString(bundle.resolve("transcript.jsonl"));
    for (Path share : shares) {
      String value = Files.readAllLines(share).get(2).split("-")[4];
      assertThat(value).hasSizeGreaterThanOrEqualTo(32);
      assertThat(transcript).doesNotContain(value);
    }
    JsonNode approvals = Bundles.last(bundle, "step.approvals");
    assertThat(approvals.get("approvedBy").toString()).isEqualTo("[\"carol\",\"dave\"]");
    assertThat(approvals.get("request").get("text").asText())
        .isEqualTo(Files.readString(request, StandardCharsets.UTF_8));

    Path audit = dir.resolve("audit");
    ItCeremony.Cli extract =
        ItCeremony.main(
            "transcript", "allowed-signers", bundle.toString(), "--out", audit.toString());
    assertThat(extract.exit()).as(extract.all()).isZero();
    assertThat(extract.out())
        .contains("2 signature(s) (approvals, fingerprint confirmations) from 2 signer(s)");
    assertThat(Files.readString(audit.resolve("allowed_signers")))
        .contains("carol namespaces=\"kms-key-ceremony\" ssh-ed25519 ")
        .contains("dave namespaces=\"kms-key-ceremony\" ssh-rsa ");
    List<String> verified = new ArrayList<>();
    try (var files = Files.list(audit)) {
      for (Path sig : files.filter(f -> f.toString().endsWith(".sig")).sorted().toList()) {
        String seq = sig.getFileName().toString().split("-")[0];
        String name = sig.getFileName().toString().replaceFirst("^\\d+-", "").replace(".sig", "");
        SshKeygen.Result r =
            SshKeygen.verify(
                audit.resolve("allowed_signers"),
                name,
                "kms-key-ceremony",
                sig,
                audit.resolve("approval-request-" + seq + ".txt"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        verified.add(name);
      }
    }
    assertThat(verified).containsExactly("carol", "dave");
  }

  @Test
  void oneSignatureShort_stopsBeforeCreateKey_namingWhoIsMissing() throws Exception {
    Path script = dir.resolve("dual-short.yaml");
    Files.writeString(script, yaml());
    Path request = planRequest(script, "approvals-short");
    sign(chris, request, "chris.sig");
    Path other = request.resolveSibling("other.txt");
    Files.writeString(other, "something else\n");
    sign(dave, other, "dave-other.sig");
    List<String> before = keyIds();

    ItCeremony.Cli run =
        ItCeremony.main(
            "run",
            script.toString(),
            "--non-interactive",
            "--approvals",
            request.getParent().toString());
    assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .contains(
            "FAILED in step approvals (NOT_APPROVED): 1 of the 2 custodian"
                + " approvals required were given (by chris); no approval from carol, dave")
        .contains("dave-other.sig (BAD_SIGNATURE: by dave");
    assertThat(keyIds()).isEqualTo(before);
    assertThat(TranscriptVerifier.verify(run.bundle()).isValid()).isTrue();
    JsonNode err = Bundles.last(run.bundle(), "error");
    assertThat(err.get("step").asText()).isEqualTo("approvals");
  }

  @Test
  void plainNameRehearsal_stillRuns_markedUnauthenticated() throws Exception {
    String yaml =
        ItCeremony.script(
            kms,
            ItCeremony.create("SYMMETRIC_DEFAULT"),
            "generate: 'rehearsal-{run}'",
            "auto",
            "RSA_2048",
            ItCeremony.EXPIRES_30D);
    assertThat(yaml).contains("module: " + HsmLocator.SOFTHSM_MODULE);
    ItCeremony.Cli run = ItCeremony.run(dir, yaml);
    assertThat(run.exit()).as(run.all()).isZero();
    JsonNode approvals = Bundles.last(run.bundle(), "step.approvals");
    for (JsonNode a : approvals.get("acknowledgements")) {
      assertThat(a.get("authentication").asText()).isEqualTo("unauthenticated");
    }
    ItCeremony.Cli extract =
        ItCeremony.main(
            "transcript",
            "allowed-signers",
            run.bundle().toString(),
            "--out",
            dir.resolve("rehearsal-audit").toString());
    assertThat(extract.out()).contains("0 signature(s)").contains("unauthenticated");
  }
}
