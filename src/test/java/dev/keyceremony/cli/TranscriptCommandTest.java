package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyceremony.transcript.Fixtures;
import dev.keyceremony.transcript.SoftwareP384Signer;
import dev.keyceremony.transcript.TranscriptWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptCommandTest {
  private static SoftwareP384Signer signer;

  @TempDir Path tmp;

  @BeforeAll
  static void key() {
    signer = SoftwareP384Signer.generate();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void verify_validBundle_exit0_withSummaryAndOpensslCommands() {
    Fixtures.writeTranscript(tmp, signer, 3);
    Run r =
        run(
            "transcript",
            "verify",
            tmp.toString(),
            "--signer-fingerprint",
            signer.signerFingerprint());
    assertThat(r.exit).isZero();
    assertThat(r.out)
        .startsWith(
            "Ceremony SUCCEEDED; integrity OK; signer pinned (by --signer-fingerprint)\n"
                + "  outcome: sealed as succeeded (line 3)\n"
                + "  integrity: OK: 3 entries, chain intact, signature valid, signer SHA-256 "
                + signer.signerFingerprint()
                + ", ceremony ceremony-2026-01-15\n");
    assertThat(r.out)
        .contains(
            "openssl dgst -sha384 -verify "
                + tmp.resolve("signer.pem")
                + " -signature "
                + tmp.resolve("transcript.sig")
                + " "
                + tmp.resolve("transcript.jsonl"));
    assertThat(r.err).isEmpty();
  }

  @Test
  void verify_expectedFingerprint_exit0_andWrongOneExit1() {
    Fixtures.writeTranscript(tmp, signer, 2);
    assertThat(
            run(
                    "transcript",
                    "verify",
                    tmp.toString(),
                    "--signer-fingerprint",
                    signer.signerFingerprint())
                .exit)
        .isZero();
    String other = SoftwareP384Signer.generate().signerFingerprint();
    Run r = run("transcript", "verify", tmp.toString(), "--signer-fingerprint", other);
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
    assertThat(r.out)
        .startsWith(
            "Ceremony outcome UNKNOWN; integrity FAILED: signer.pem: its key has SHA-256 "
                + signer.signerFingerprint()
                + ", not the expected "
                + other);
  }

  @Test
  void verify_tamperedLine_exit1_namingTheLine() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 3);
    Path f = tmp.resolve("transcript.jsonl");
    Files.writeString(f, Files.readString(f).replaceFirst("\"step\":2", "\"step\":5"));
    Run r = run("transcript", "verify", tmp.toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
    assertThat(r.out)
        .startsWith(
            "Ceremony outcome UNKNOWN; integrity FAILED: transcript.jsonl line 2: was altered"
                + " after it was written");
  }

  @Test
  void verify_unsignedTail_exit3_withWarningAndPrefixCommand() {
    TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock());
    w.append("ceremony.opened", "tool", Map.of());
    w.append("step.done", "tool", Map.of());
    w.checkpoint();
    w.append("step.done", "tool", Map.of());
    Run r =
        run(
            "transcript",
            "verify",
            tmp.toString(),
            "--signer-fingerprint",
            signer.signerFingerprint());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_PREFIX_SIGNED);
    assertThat(r.out)
        .contains("integrity: WARNING: chain intact, but only lines 1-2 of 3 are signed");
    assertThat(r.out)
        .contains("head -n 2 " + tmp.resolve("transcript.jsonl") + " | openssl dgst -sha384");
    Run show =
        run(
            "transcript",
            "show",
            tmp.toString(),
            "--signer-fingerprint",
            signer.signerFingerprint());
    assertThat(show.exit).isEqualTo(ExitCodes.TRANSCRIPT_PREFIX_SIGNED);
    String[] lines = show.out.split("\n");
    int marker =
        java.util.Arrays.asList(lines)
            .indexOf("---- lines below are not covered by transcript.sig ----");
    assertThat(marker).isPositive();
    assertThat(lines[marker - 2]).startsWith("   2  ");
    assertThat(lines[marker + 1]).startsWith("   3  ");
  }

  @Test
  void verify_noSuchDirectory_exit2_namingItAndTheFix() {
    Run r = run("transcript", "verify", tmp.resolve("nope").toString());
    assertThat(r.exit).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err)
        .startsWith(
            "ceremony transcript verify: DIR '"
                + tmp.resolve("nope")
                + "' is not a directory: give the ceremony's transcript bundle directory");
    assertThat(r.out).isEmpty();
  }

  @Test
  void verify_malformedFingerprint_exit2() {
    Fixtures.writeTranscript(tmp, signer, 1);
    Run r = run("transcript", "verify", tmp.toString(), "--signer-fingerprint", "xyz");
    assertThat(r.exit).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err)
        .contains("--signer-fingerprint: signer fingerprint 'xyz' is not a SHA-256 in hex");
  }

  @Test
  void show_printsVerdictThenTimeline() {
    Fixtures.writeTranscript(tmp, signer, 3);
    Run r =
        run(
            "transcript",
            "show",
            tmp.toString(),
            "--signer-fingerprint",
            signer.signerFingerprint());
    assertThat(r.exit).isZero();
    String[] lines = r.out.split("\n");
    assertThat(lines[0])
        .isEqualTo("Ceremony SUCCEEDED; integrity OK; signer pinned (by --signer-fingerprint)");
    assertThat(r.out)
        .contains("\n   1  2026-01-15T09:30:00.125Z  +0.000s  ceremony.opened\n      actor: tool\n")
        .contains(
            "\n   2  2026-01-15T09:30:01.625Z  +1.500s  step.done  (0.200s)\n      actor: custodian:alice\n"
                + "      note: caf\u00e9 \"quoted\"\n      step: 2\n      wrappedKeySha256:\n        ");
  }

  /**
   * Issue 9: at 80 columns (not a terminal) every fact is whole, no line is wider, nothing is cut
   * with '…'.
   */
  @Test
  void show_at80Columns_factsWhole_noLineWider() {
    String arn = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
    String message =
        "3 of the 2 required custodian approvals were not given: carol declined, chris declined; the"
            + " ceremony stops here and nothing was created";
    try (TranscriptWriter w = TranscriptWriter.create(tmp, "c-80", signer, Fixtures.clock())) {
      w.append(
          "ceremony.opened",
          "operator:olivia",
          Map.of(
              "name",
              "payments",
              "material",
              Map.of(
                  "generate",
                  "payments-2026-q1-hsm-object-with-a-rather-long-label-for-the-auditor")));
      w.append(
          "step.approvals",
          "custodians:carol,chris",
          Map.of(
              "acknowledgements",
              java.util.List.of(
                  Map.of("name", "carol", "decision", "declined"),
                  Map.of("name", "chris", "decision", "declined"))));
      w.append(
          "error",
          "operator:olivia",
          Map.of("step", "approvals", "cause", "NOT_APPROVED", "message", message));
      w.append(
          "ceremony.sealed",
          "operator:olivia",
          Map.of(
              "outcome",
              "failed",
              "failedStep",
              "approvals",
              "cause",
              "NOT_APPROVED",
              "keyArn",
              arn));
    }
    Run r =
        run(
            "transcript",
            "show",
            tmp.toString(),
            "--signer-fingerprint",
            signer.signerFingerprint());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_CEREMONY_FAILED);
    assertThat(r.out.lines())
        .allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).as(l).isLessThanOrEqualTo(80));
    assertThat(r.out)
        .doesNotContain("\u2026")
        .startsWith(
            "Ceremony FAILED at approvals (NOT_APPROVED); integrity OK;"
                + " signer pinned (by\n  --signer-fingerprint)\n");
    String joined = r.out.replaceAll("\n +", " ");
    assertThat(r.out.replaceAll("\\s+", "")).contains("keyArn:" + arn);
    assertThat(joined)
        .contains("acknowledgements[0].name: carol")
        .contains("acknowledgements[1].decision: declined")
        .contains("message: " + message)
        .contains("outcome: failed")
        .contains("cause: NOT_APPROVED")
        .contains(
            "material.generate: payments-2026-q1-hsm-object-with-a-rather-long-label-for-the-auditor");
  }

  @Test
  void show_escapesTerminalControlCharactersFromTheTranscript() {
    try (TranscriptWriter w = TranscriptWriter.create(tmp, "c-1", signer, Fixtures.clock())) {
      w.append("ceremony.opened", "tool", Map.of("note", "\u001b[2J\u202eevil"));
    }
    Run r = run("transcript", "show", tmp.toString());
    assertThat(r.out)
        .contains("note: \\u001b[2J\\u202eevil")
        .doesNotContain("\u001b")
        .doesNotContain("\u202e");
  }

  @Test
  void showJson_isParseableWithVerdictAndEntries() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 2);
    Run r = run("transcript", "show", tmp.toString(), "--json");
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_SIGNER_NOT_PINNED);
    assertThat(new ObjectMapper().readTree(r.out).at("/verification/status").textValue())
        .isEqualTo("SIGNER_NOT_PINNED");
    JsonNode root = new ObjectMapper().readTree(r.out);
    assertThat(root.at("/verification/verdict").textValue()).isEqualTo("VALID");
    assertThat(root.at("/verification/signedLineCount").intValue()).isEqualTo(2);
    assertThat(root.get("entries")).hasSize(2);
    assertThat(root.at("/entries/1/prev").textValue())
        .isEqualTo(root.at("/entries/0/sha256").textValue());
  }

  @Test
  void show_tamperedBundle_stillShowsEntries_exit1() throws Exception {
    Fixtures.writeTranscript(tmp, signer, 3);
    Path f = tmp.resolve("transcript.jsonl");
    Files.writeString(f, Files.readString(f).replaceFirst("\"step\":3", "\"step\":5"));
    Run r = run("transcript", "show", tmp.toString());
    assertThat(r.exit).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
    assertThat(r.out.replaceAll("\n +", " "))
        .startsWith(
            "Ceremony outcome UNKNOWN; integrity FAILED:"
                + " transcript.jsonl line 3: transcript.sig does not verify");
    assertThat(r.out).contains("step: 5");
  }

  @Test
  void transcript_withoutSubcommand_printsUsage() {
    Run r = run("transcript");
    assertThat(r.exit).isZero();
    assertThat(r.out)
        .contains("verify")
        .contains("show")
        .contains("Exit codes (checked in this order):")
        .contains("  8   signature valid, but no --signer-fingerprint or --trust pins the signer");
  }
}
