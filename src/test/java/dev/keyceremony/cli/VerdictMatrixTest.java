package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.transcript.Fixtures;
import dev.keyceremony.transcript.HandBuiltBundles;
import dev.keyceremony.transcript.SoftwareP384Signer;
import dev.keyceremony.transcript.TranscriptWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict matrix of issue 9 through {@code ceremony transcript verify}: each kind of bundle
 * with its exit code and first line. Bundles are hand-built with a software P-384 key (the HSM path
 * is covered by the ITs); forgeries are made as an attacker would (re-chained, own key, own
 * signer.pem).
 */
class VerdictMatrixTest {
  private static final SoftwareP384Signer OPS = SoftwareP384Signer.generate();
  private static final SoftwareP384Signer MALLORY = SoftwareP384Signer.generate();
  private static final byte[] SCRIPT =
      "name: matrix\n# the script\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {
    String first() {
      return out.lines().findFirst().orElse("");
    }
  }

  private static Run verify(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("transcript", "verify", dir.toString()));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path bundle(String name, List<HandBuiltBundles.E> entries) throws Exception {
    Path d = tmp.resolve(name);
    Files.createDirectories(d);
    Files.write(d.resolve("script.yaml"), SCRIPT);
    HandBuiltBundles.write(d, OPS, entries);
    return d;
  }

  private Path trustFile() throws Exception {
    Path t = tmp.resolve("signers.txt");
    Files.writeString(t, "# ops signers\n" + OPS.signerFingerprint() + "  ops-2026\n");
    return t;
  }

  @Test
  void succeeded_pinned_exit0() throws Exception {
    Run r =
        verify(bundle("ok", HandBuiltBundles.succeeded(SCRIPT)), "--trust", trustFile().toString());
    assertThat(r.exit).isEqualTo(ExitCodes.OK);
    assertThat(r.first()).isEqualTo("Ceremony SUCCEEDED; integrity OK; signer pinned (ops-2026)");
  }

  @Test
  void succeeded_pinnedByFingerprint_exit0() throws Exception {
    Run r =
        verify(
            bundle("ok", HandBuiltBundles.succeeded(SCRIPT)),
            "--signer-fingerprint",
            OPS.signerFingerprint().toUpperCase());
    assertThat(r.exit).isEqualTo(ExitCodes.OK);
    assertThat(r.first())
        .isEqualTo("Ceremony SUCCEEDED; integrity OK; signer pinned (by --signer-fingerprint)");
  }

  @Test
  void succeeded_unpinned_exit8_tellsWhatToCompare() throws Exception {
    Path d = bundle("ok", HandBuiltBundles.succeeded(SCRIPT));
    Run r = verify(d);
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_SIGNER_NOT_PINNED).isEqualTo(8);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony SUCCEEDED; integrity OK; signature valid, signer NOT PINNED:"
                + " compare fingerprint "
                + OPS.signerFingerprint()
                + " with your records");
    assertThat(r.out)
        .contains(
            "./ceremony transcript verify "
                + d
                + " --signer-fingerprint <SHA-256 from your records>");
  }

  static List<String> steps() {
    return HandBuiltBundles.STEPS;
  }

  @ParameterizedTest
  @MethodSource("steps")
  void failedAtEachStep_pinned_exit7(String step) throws Exception {
    Run r =
        verify(
            bundle(
                "f-" + step,
                HandBuiltBundles.failedAt(SCRIPT, step, "CAUSE_" + step.toUpperCase())),
            "--trust",
            trustFile().toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_CEREMONY_FAILED).isEqualTo(7);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony FAILED at "
                + step
                + " (CAUSE_"
                + step.toUpperCase()
                + "); integrity OK; signer pinned (ops-2026)");
  }

  @Test
  void interrupted_withUnsignedTail_exit5() throws Exception {
    Path d = tmp.resolve("int");
    Files.createDirectories(d);
    TranscriptWriter w = TranscriptWriter.create(d, "c-1", OPS, Fixtures.clock());
    HandBuiltBundles.stepsUpTo(SCRIPT, "parameters")
        .forEach(e -> w.append(e.type(), e.actor(), e.data()));
    w.checkpoint();
    w.append(
        "intent",
        "operator:olivia",
        Map.of("action", "kms:GetParametersForImport", "step", "parameters"));
    // killed: no close, no checkpoint
    Run r = verify(d, "--trust", trustFile().toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INCOMPLETE).isEqualTo(5);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony INTERRUPTED after create-key; integrity OK for lines 1-4 of 5 only"
                + " (1 unsigned after the last checkpoint; the outcome is read from the signed lines); signer pinned"
                + " (ops-2026)");
  }

  @Test
  void interrupted_signalRecorded_exit5() throws Exception {
    List<HandBuiltBundles.E> l = HandBuiltBundles.stepsUpTo(SCRIPT, "wrap-import");
    l.add(
        HandBuiltBundles.E.of("ceremony.interrupted", "signal", "SIGINT", "inStep", "wrap-import"));
    Run r = verify(bundle("sig", l), "--trust", trustFile().toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INCOMPLETE);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony INTERRUPTED in wrap-import (SIGINT); integrity OK; signer pinned"
                + " (ops-2026)");
  }

  @Test
  void unsigned_exit6() throws Exception {
    Path d = tmp.resolve("unsigned");
    try (TranscriptWriter w =
        TranscriptWriter.createUnsigned(d, "c-1", "wrong PIN for token t", Fixtures.clock())) {
      w.append("ceremony.opened", "operator:olivia", Map.of());
      w.append(
          "error",
          "operator:olivia",
          Map.of("step", "hsm-login", "cause", "HSM_PIN_INCORRECT", "message", "m"));
    }
    Run r = verify(d);
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_UNSIGNED).isEqualTo(6);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony FAILED at hsm-login (HSM_PIN_INCORRECT); chain intact but NOT"
                + " SIGNED (wrong PIN for token t)");
  }

  @Test
  void tampered_exit4() throws Exception {
    Path d = bundle("t", HandBuiltBundles.failedAt(SCRIPT, "approvals", "NOT_APPROVED"));
    Path f = d.resolve("transcript.jsonl");
    Files.writeString(
        f, Files.readString(f).replace("\"outcome\":\"failed\"", "\"outcome\":\"succeeded\""));
    Run r = verify(d, "--trust", trustFile().toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INVALID).isEqualTo(4);
    assertThat(r.first())
        .startsWith("Ceremony outcome UNKNOWN; integrity FAILED: transcript.jsonl line 4:");
  }

  @Test
  void scriptReplaced_exit4() throws Exception {
    Path d = bundle("s", HandBuiltBundles.succeeded(SCRIPT));
    Files.writeString(d.resolve("script.yaml"), "name: other\n");
    Run r = verify(d, "--trust", trustFile().toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
    assertThat(r.first())
        .startsWith("Ceremony outcome UNKNOWN; integrity FAILED: script.yaml: has SHA-256 ");
  }

  /**
   * Issue 9's forgery: a failed ceremony re-chained as succeeded and signed with the forger's own
   * key.
   */
  @Test
  void forgedSelfSigned_withoutPin_neverExit0() throws Exception {
    Path real = bundle("real", HandBuiltBundles.failedAt(SCRIPT, "approvals", "NOT_APPROVED"));
    Path forged = tmp.resolve("forged");
    HandBuiltBundles.forgeSucceeded(real, forged, MALLORY);
    Run r = verify(forged);
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_SIGNER_NOT_PINNED);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony SUCCEEDED; integrity OK; signature valid, signer NOT PINNED:"
                + " compare fingerprint "
                + MALLORY.signerFingerprint()
                + " with your records");
  }

  @Test
  void forgedSelfSigned_withPin_exit4() throws Exception {
    Path real = bundle("real", HandBuiltBundles.failedAt(SCRIPT, "approvals", "NOT_APPROVED"));
    Path forged = tmp.resolve("forged");
    HandBuiltBundles.forgeSucceeded(real, forged, MALLORY);
    for (String[] pin :
        new String[][] {
          {"--trust", trustFile().toString()}, {"--signer-fingerprint", OPS.signerFingerprint()}
        }) {
      Run r = verify(forged, pin);
      assertThat(r.exit).as(pin[0]).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
      assertThat(r.first())
          .as(pin[0])
          .startsWith(
              "Ceremony outcome UNKNOWN; integrity FAILED: signer.pem: its key"
                  + " has SHA-256 "
                  + MALLORY.signerFingerprint()
                  + ", not the expected "
                  + OPS.signerFingerprint());
    }
  }

  @Test
  void trustFile_badLine_exit2_namingTheLine() throws Exception {
    Path d = bundle("ok", HandBuiltBundles.succeeded(SCRIPT));
    Path t = tmp.resolve("bad.txt");
    Files.writeString(t, "# x\nnot-a-fingerprint ops\n");
    Run r = verify(d, "--trust", t.toString());
    assertThat(r.exit).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err)
        .contains("--trust: " + t + " line 2: 'not-a-fingerprint ops' is not 'SHA256 NAME'");
  }

  @Test
  void enrolmentRecord_asTrust_pinsTheSigner_andRejectsAForgery() throws Exception {
    Path record = tmp.resolve("record");
    dev.keyceremony.transcript.SignerEnrolment.write(
        record,
        "ops-2026",
        OPS,
        Map.of(
            "key",
            Map.of("label", "ops-2026"),
            "token",
            Map.of("label", "hsm-a"),
            "witnesses",
            List.of("wendy", "walt")),
        Fixtures.clock());
    Path real = bundle("real", HandBuiltBundles.succeeded(SCRIPT));
    Run r = verify(real, "--trust", record.toString());
    assertThat(r.exit).isEqualTo(ExitCodes.OK);
    assertThat(r.first())
        .isEqualTo(
            "Ceremony SUCCEEDED; integrity OK; signer pinned (ops-2026, enrolled"
                + " 2026-01-15 in token hsm-a, witnessed by wendy, walt)");
    Path forged = tmp.resolve("forged");
    HandBuiltBundles.forgeSucceeded(
        bundle("f", HandBuiltBundles.failedAt(SCRIPT, "prove", "PROOF_FAILED")), forged, MALLORY);
    assertThat(verify(forged, "--trust", record.toString()).exit)
        .isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
  }

  @Test
  void enrolmentRecord_tampered_refusedAsTrust_exit2() throws Exception {
    Path record = tmp.resolve("record");
    dev.keyceremony.transcript.SignerEnrolment.write(
        record, "ops-2026", OPS, Map.of("witnesses", List.of("w")), Fixtures.clock());
    Files.writeString(
        record.resolve("signer.pem"),
        dev.keyceremony.transcript.SignerKeys.toPem(MALLORY.publicKeySpki()));
    Run r =
        verify(bundle("real", HandBuiltBundles.succeeded(SCRIPT)), "--trust", record.toString());
    assertThat(r.exit).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err).contains("--trust: signer enrolment record " + record + " does not verify");
  }

  @Test
  void aCeremonyBundle_isNotAnEnrolmentRecord_exit2() throws Exception {
    Path real = bundle("real", HandBuiltBundles.succeeded(SCRIPT));
    Run r = verify(real, "--trust", real.toString());
    assertThat(r.exit).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err).contains("is a transcript bundle, not a signer enrolment record");
  }
}
