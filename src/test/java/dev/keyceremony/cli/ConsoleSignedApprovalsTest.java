package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.keyceremony.ceremony.Acknowledgement;
import dev.keyceremony.ceremony.ApprovalPrompt;
import dev.keyceremony.ceremony.ApprovalRequest;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.core.sshsig.SshKeygen;
import dev.keyceremony.core.sshsig.SshPublicKey;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval prompt with signing custodians: pasted signatures, quorum, absence. */
class ConsoleSignedApprovalsTest {
  @TempDir static Path dir;
  static Path carol;
  static Path chris;
  static Roles roles;
  static ApprovalRequest request;
  static Path requestFile;

  @BeforeAll
  static void setUp() throws Exception {
    carol = SshKeygen.generate(dir, "carol", "ed25519", 0);
    chris = SshKeygen.generate(dir, "chris", "ecdsa", 256);
    roles =
        new Roles(
            "olivia",
            List.of("carol", "chris", "dave"),
            List.of("wendy"),
            1,
            Map.of(
                "carol",
                SshPublicKey.parseLine(SshKeygen.publicLine(carol)),
                "chris",
                SshPublicKey.parseLine(SshKeygen.publicLine(chris))),
            false);
    request =
        ApprovalRequest.create(
            List.of("ceremony: t", "purpose: test"),
            Clock.systemUTC(),
            new SecureRandom(),
            Duration.ofHours(1));
    requestFile = dir.resolve("req.txt");
    Files.write(requestFile, request.bytes());
  }

  List<Acknowledgement> ask(String input, Roles r, StringWriter out) {
    ConsoleParticipants c =
        new ConsoleParticipants(
            new BufferedReader(new StringReader(input)),
            new PrintWriter(out, true),
            Clock.systemUTC(),
            new dev.keyceremony.ceremony.PresignedApprovals(
                "dir/req.txt", request, List.of(), null));
    return c.approvals(
        new ApprovalPrompt(
            r,
            List.of("1. step"),
            List.of("purpose: test", "key: create SYMMETRIC_DEFAULT", "script-sha256: abc"),
            request,
            Set.of(),
            Clock.systemUTC()));
  }

  @Test
  void wrongSignatureThenRightOne_quorumReached_restNotAsked() {
    String chrisSig = SshKeygen.sign(chris, "kms-key-ceremony", requestFile);
    String carolSig = SshKeygen.sign(carol, "kms-key-ceremony", requestFile);
    StringWriter out = new StringWriter();
    List<Acknowledgement> a = ask(chrisSig + carolSig, roles, out);
    assertThat(a)
        .extracting(Acknowledgement::name, Acknowledgement::decision)
        .containsExactly(
            tuple("carol", "approved"), tuple("chris", "not asked"), tuple("dave", "not asked"));
    assertThat(a.get(0).signed()).isTrue();
    assertThat(out.toString())
        .contains("Not counted: the signature is chris's, not carol's")
        .contains("purpose: test")
        .contains("script-sha256: abc")
        .contains("Signature by carol verified.");
  }

  @Test
  void endOfInput_absentNotDeclined_askEveryoneAsksAll() {
    Roles everyone =
        new Roles("olivia", roles.custodians(), roles.witnesses(), 1, roles.keys(), true);
    StringWriter out = new StringWriter();
    List<Acknowledgement> a = ask("decline\n", everyone, out);
    assertThat(a)
        .extracting(Acknowledgement::name, Acknowledgement::decision)
        .containsExactly(
            tuple("carol", "declined"), tuple("chris", "absent"), tuple("dave", "absent"));
  }

  @Test
  void plainNameCustodian_typesApprove_unauthenticated() {
    StringWriter out = new StringWriter();
    Roles plain = new Roles("olivia", List.of("dave"), List.of("wendy"), 1);
    List<Acknowledgement> a = ask("approve\n", plain, out);
    assertThat(a)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.decision()).isEqualTo("approved");
              assertThat(x.signed()).isFalse();
              assertThat(x.how()).contains("unauthenticated");
            });
    assertThat(out.toString()).contains("Custodian dave (unauthenticated)");
  }

  @Test
  void rollCall_endOfInputMeansAbsent() {
    ConsoleParticipants c =
        new ConsoleParticipants(
            new BufferedReader(new StringReader("present\n")),
            new PrintWriter(new StringWriter(), true),
            Clock.systemUTC());
    assertThat(c.rollCall(roles))
        .containsExactly(
            Map.entry("carol", "present"),
            Map.entry("chris", "absent"),
            Map.entry("dave", "absent"),
            Map.entry("wendy", "absent"));
  }

  @Test
  void witnessWithKey_pastesSignatureOverCeremonyIdAndFingerprint() throws Exception {
    Path wendy = SshKeygen.generate(dir, "wendy", "ed25519", 0);
    Roles r =
        new Roles(
            "olivia",
            List.of("carol"),
            List.of("wendy", "walt"),
            1,
            Map.of("wendy", SshPublicKey.parseLine(SshKeygen.publicLine(wendy))),
            false);
    dev.keyceremony.ceremony.ConfirmationPrompt p =
        new dev.keyceremony.ceremony.ConfirmationPrompt(
            r,
            dev.keyceremony.ceremony.Fingerprint.of(new byte[] {1, 2, 3}),
            "t-run1",
            Clock.systemUTC());
    Path text = dir.resolve("confirm.txt");
    Files.writeString(text, p.text());
    String sig = SshKeygen.sign(wendy, "kms-key-ceremony", text);
    StringWriter out = new StringWriter();
    ConsoleParticipants c =
        new ConsoleParticipants(
            new BufferedReader(new StringReader(sig + "confirm\n")),
            new PrintWriter(out, true),
            Clock.systemUTC());
    List<Acknowledgement> a = c.confirmations(p);
    assertThat(a)
        .extracting(Acknowledgement::name, Acknowledgement::decision, Acknowledgement::signed)
        .containsExactly(tuple("wendy", "confirmed", true), tuple("walt", "confirmed", false));
    assertThat(out.toString())
        .contains("ceremony: t-run1")
        .contains("Witness walt" + " (unauthenticated)");
    Files.deleteIfExists(Path.of("fingerprint-confirmation-t-run1.txt"));
  }
}
