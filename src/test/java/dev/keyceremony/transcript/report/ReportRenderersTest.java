package dev.keyceremony.transcript.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.transcript.HandBuiltBundles;
import dev.keyceremony.transcript.HandBuiltBundles.E;
import dev.keyceremony.transcript.SignerPin;
import dev.keyceremony.transcript.SoftwareP384Signer;
import dev.keyceremony.transcript.TranscriptBundle;
import dev.keyceremony.transcript.TranscriptVerifier;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report renderers on a deterministic hand-built bundle (fixed clock, fixed test key): a golden
 * Markdown file, and escaping of hostile transcript text in both formats. Regenerate the golden
 * file with -Dgolden.update=true and review the diff.
 */
class ReportRenderersTest {
  static final Path GOLDEN =
      Path.of(System.getProperty("ceremony.projectDir", "."))
          .resolve("src/test/resources/dev/keyceremony/transcript/golden/report.md");
  static final String HOSTILE =
      "<script>alert(1)</script> | *bold* [link](http://evil) `tick` \u202eevil";

  @TempDir Path tmp;

  static List<E> ceremony() {
    byte[] script = "name: golden\n".getBytes(StandardCharsets.UTF_8);
    List<E> l = new ArrayList<>();
    l.add(
        E.of(
            "ceremony.opened",
            "name",
            "golden",
            "purpose",
            HOSTILE,
            "host",
            "hsm-room-1",
            "os",
            "Linux 6.1 amd64",
            "jvm",
            "OpenJDK 17",
            "tool",
            Map.of(
                "name",
                "kms-key-ceremony",
                "version",
                "0.1.0",
                "jar",
                "kms-key-ceremony.jar",
                "jarSha256",
                "ab".repeat(32)),
            "script",
            Map.of(
                "source",
                "golden.yaml",
                "sha256",
                dev.keyceremony.transcript.Hashes.sha256Hex(script)),
            "roles",
            Map.of(
                "operator",
                "olivia",
                "custodians",
                List.of("carol", "chris"),
                "witnesses",
                List.of("wendy"),
                "approvalsRequired",
                2,
                "acknowledgements",
                "interactive (typed at the console)"),
            "hsm",
            Map.of(
                "module",
                "/usr/lib/softhsm/libsofthsm2.so",
                "token",
                "ceremony-dev",
                "trustedMode",
                false),
            "kms",
            "AWS KMS in eu-west-1 (profile ops)",
            "key",
            Map.of("create", "HMAC_256", "usage", "GENERATE_VERIFY_MAC", "alias", "alias/payments"),
            "material",
            Map.of("generate", "payments-2026"),
            "wrapping",
            Map.of("algorithm", "auto", "keySpec", "RSA_4096"),
            "expiration",
            "KEY_MATERIAL_EXPIRES, valid for P365D"));
    l.add(
        E.of(
            "step.preflight",
            "durationMs",
            812,
            "kms",
            Map.of("endpoint", "https://kms.eu-west-1.amazonaws.com", "region", "eu-west-1"),
            "token",
            Map.of(
                "label",
                "ceremony-dev",
                "manufacturer",
                "SoftHSM project",
                "model",
                "SoftHSM v2",
                "serial",
                "33ddef1e",
                "firmwareVersion",
                "2.6",
                "modulePath",
                "/usr/lib/softhsm/libsofthsm2.so",
                "moduleSha256",
                "10".repeat(32),
                "library",
                "Implementation of PKCS11 2.6 (SoftHSM)"),
            "kmsRequests",
            List.of(Map.of("operation", "ListKeys", "requestId", "req-0001"))));
    l.add(
        new E(
            "step.approvals",
            "custodians:carol,chris",
            Map.of(
                "approved",
                2,
                "required",
                2,
                "durationMs",
                30500,
                "acknowledgements",
                List.of(
                    Map.of(
                        "role",
                        "custodian",
                        "name",
                        "carol",
                        "decision",
                        "approved",
                        "time",
                        "2026-01-15T09:30:10Z",
                        "how",
                        "typed at the console"),
                    Map.of(
                        "role",
                        "custodian",
                        "name",
                        "chris",
                        "decision",
                        "approved",
                        "time",
                        "2026-01-15T09:30:20Z",
                        "how",
                        "signed (SSHSIG)",
                        "signature",
                        Map.of("key", "SHA256:Zm9vYmFy", "namespace", "ceremony"))),
                "kmsRequests",
                List.of())));
    l.add(
        E.of(
            "step.create-key",
            "durationMs",
            420,
            "key",
            Map.of(
                "account",
                "111122223333",
                "arn",
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            "kmsRequests",
            List.of(
                Map.of("operation", "CreateKey", "requestId", "req-0002"),
                Map.of(
                    "operation",
                    "CreateAlias",
                    "requestId",
                    "req-0003",
                    "error",
                    "ThrottlingException (retried)"))));
    l.add(
        E.of(
            "step.parameters",
            "durationMs",
            15000,
            "wrappingKeySpkiSha256",
            "cd".repeat(32),
            "fingerprintWords",
            "abandon ability able about above absent absorb abstract",
            "wordList",
            "BIP-39 English",
            "wrappingKeySpec",
            "RSA_4096",
            "algorithm",
            "RSAES_OAEP_SHA_256",
            "importTokenSha256",
            "ef".repeat(32),
            "parametersValidTo",
            "2026-01-16T09:30:00Z",
            "confirmations",
            List.of(
                Map.of(
                    "role",
                    "witness",
                    "name",
                    "wendy",
                    "decision",
                    "confirmed",
                    "time",
                    "2026-01-15T09:31:00Z",
                    "how",
                    "typed the words")),
            "kmsRequests",
            List.of(Map.of("operation", "GetParametersForImport", "requestId", "req-0004"))));
    l.add(
        E.of(
            "step.hsm-prepare",
            "durationMs",
            120,
            "attributes",
            Map.of("sensitive", true, "extractable", true)));
    l.add(
        E.of(
            "step.wrap-import",
            "durationMs",
            640,
            "kmsRequests",
            List.of(Map.of("operation", "ImportKeyMaterial", "requestId", "req-0005"))));
    l.add(
        E.of(
            "step.prove",
            "durationMs",
            300,
            "statement",
            "KMS GenerateMac and the HSM's HMAC are equal.",
            "macEqual",
            true,
            "kmsRequests",
            List.of(Map.of("operation", "GenerateMac", "requestId", "req-0006"))));
    l.add(
        E.of(
            "ceremony.sealed",
            "outcome",
            "succeeded",
            "keyArn",
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "keyMaterialId",
            "km-0001",
            "hsmObject",
            Map.of("label", "payments-2026", "id", "0a0b")));
    return l;
  }

  private AuditReport report() throws Exception {
    Path b = tmp.resolve("bundle");
    Files.createDirectories(b);
    Files.writeString(b.resolve("script.yaml"), "name: golden\n");
    SoftwareP384Signer signer = SoftwareP384Signer.fixedTestKey();
    HandBuiltBundles.write(b, signer, ceremony());
    VerificationReport r =
        TranscriptVerifier.verifyPinned(
            TranscriptBundle.read(b),
            List.of(new SignerPin(signer.signerFingerprint(), "ops-2026")));
    return AuditReport.build(
        r,
        new AuditReport.Context(
            "bundle", true, "./ceremony transcript verify bundle --trust signers.txt", "test"));
  }

  @Test
  void markdown_matchesGolden() throws Exception {
    String md = MarkdownReportRenderer.render(report());
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, md);
    }
    assertThat(md).isEqualTo(Files.readString(GOLDEN));
  }

  @Test
  void markdown_escapesTranscriptText() throws Exception {
    String md = MarkdownReportRenderer.render(report());
    assertThat(md)
        .contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\[link\\](http://evil)"
                + " \\`tick\\` \\\\u202eevil")
        .doesNotContain("<script")
        .doesNotContain("\u202e");
  }

  @Test
  void html_escapesTranscriptText_andLoadsNothing() throws Exception {
    String html = HtmlReportRenderer.render(report());
    assertThat(html)
        .contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; | *bold* [link](http://evil) `tick` \\u202eevil")
        .doesNotContain("<script")
        .doesNotContain("\u202e")
        .doesNotContain("<link")
        .doesNotContain("src=")
        .contains("default-src 'none'");
    assertThat(html)
        .contains("Ceremony SUCCEEDED; integrity OK; signer pinned (ops-2026)")
        .contains("req-0005")
        .contains("abandon ability able")
        .contains("cdcdcdcd cdcdcdcd")
        .contains("signature: {key: SHA256:Zm9vYmFy, namespace: ceremony}")
        .contains("ThrottlingException (retried)")
        .contains("@page { size: A4");
  }
}
