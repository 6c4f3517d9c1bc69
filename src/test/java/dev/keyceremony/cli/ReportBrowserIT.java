package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.workflow.HsmTranscriptSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of real ceremonies (SoftHSM2 through the real PKCS#11 module, the local KMS over
 * real HTTP) rendered by a real headless Chromium: the key facts are in the rendered text, nothing
 * overflows the printable width of A4, and a print to PDF is A4 with the facts whole in its text.
 * Screenshots go to target/report-screens/ (copied to docs/ by hand after review).
 *
 * <p>Overflow method: a copy of the page gets its print rules applied on screen ({@code @media
 * print} becomes {@code @media all}), is laid out at the printable width of A4 (210 mm - 2 x 12 mm
 * margins = 186 mm = 703 CSS px) and a small script (only in the test copy: the real page forbids
 * scripts with its CSP) lists every element whose right edge passes the page width, or that scrolls
 * sideways. The PDF is then checked with poppler's pdfinfo (page size) and pdftotext (the facts are
 * there).
 */
class ReportBrowserIT {
  private static final int A4_PRINTABLE_PX = 703;
  private static LocalKms kms;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    ItCeremony.ensureSigner();
    kms = LocalKms.builder().port(0).start();
  }

  @AfterAll
  static void stop() {
    if (kms != null) {
      kms.close();
    }
  }

  private static String yaml() {
    return ItCeremony.script(
        kms,
        ItCeremony.create("HMAC_256"),
        "generate: it-report-" + ItCeremony.uniq(),
        "auto",
        "RSA_2048",
        ItCeremony.EXPIRES_30D);
  }

  private static String fingerprint(Path bundle) throws Exception {
    return Bundles.last(bundle, "ceremony.opened")
        .path("signer")
        .path("fingerprintSha256")
        .asText();
  }

  @Test
  void succeeded_rendersFactsAndFitsA4() throws Exception {
    ItCeremony.Cli r = ItCeremony.run(dir, yaml());
    assertThat(r.exit()).as(r.all()).isZero();
    Path bundle = r.bundle();
    JsonNode sealed = Bundles.last(bundle, "ceremony.sealed");
    String text = render(bundle, "succeeded", ExitCodes.OK);
    assertThat(text)
        .contains("Ceremony SUCCEEDED; integrity OK; signer pinned (by --signer-fingerprint)")
        .contains(sealed.path("keyArn").asText())
        .contains(Bundles.last(bundle, "step.parameters").path("fingerprintWords").asText())
        .contains(
            Bundles.last(bundle, "step.wrap-import")
                .path("kmsRequests")
                .get(0)
                .path("requestId")
                .asText())
        .contains("carol")
        .contains("wendy")
        .contains("pre-recorded")
        .contains(
            Bundles.last(bundle, "step.preflight").path("token").path("moduleSha256").asText())
        .contains("BR §6.1.1.1");
  }

  @Test
  void failed_rendersTheFailedStepAndCause() throws Exception {
    // A key that does not exist in KMS: preflight fails closed (DescribeKey NotFoundException).
    String yaml =
        ItCeremony.script(
            kms,
            "  existing: 0000abcd-12ab-34cd-56ef-1234567890ab",
            "generate: it-report-" + ItCeremony.uniq(),
            "auto",
            "RSA_2048",
            ItCeremony.EXPIRES_30D);
    ItCeremony.Cli r = ItCeremony.run(dir, yaml);
    assertThat(r.exit()).as(r.all()).isEqualTo(ExitCodes.FAILED);
    Path bundle = r.bundle();
    JsonNode error = Bundles.last(bundle, "error");
    String text = render(bundle, "failed", ExitCodes.TRANSCRIPT_CEREMONY_FAILED);
    assertThat(text)
        .contains(
            "Ceremony FAILED at "
                + error.path("step").asText()
                + " ("
                + error.path("cause").asText()
                + "); integrity OK; signer pinned")
        .contains(error.path("message").asText())
        .contains("No proof was recorded");

    // Issue 9's forgery on this real HSM-signed bundle: outcome rewritten as succeeded, chain
    // recomputed,
    // signed with the forger's own P-384 key, signer.pem and line 1's fingerprint replaced.
    Path forged = dir.resolve("forged-" + bundle.getFileName());
    dev.keyceremony.transcript.HandBuiltBundles.forgeSucceeded(
        bundle, forged, dev.keyceremony.transcript.SoftwareP384Signer.generate());
    assertThat(
            Chromium.tool(
                "openssl",
                "dgst",
                "-sha384",
                "-verify",
                forged.resolve("signer.pem").toString(),
                "-signature",
                forged.resolve("transcript.sig").toString(),
                forged.resolve("transcript.jsonl").toString()))
        .as("stock OpenSSL accepts the forgery's signature: only a pin catches it")
        .contains("Verified OK");
    ItCeremony.Cli unpinned = ItCeremony.main("transcript", "verify", forged.toString());
    assertThat(unpinned.exit()).isEqualTo(ExitCodes.TRANSCRIPT_SIGNER_NOT_PINNED);
    assertThat(unpinned.out())
        .startsWith("Ceremony SUCCEEDED; integrity OK; signature valid, signer NOT PINNED");
    ItCeremony.Cli pinned =
        ItCeremony.main(
            "transcript", "verify", forged.toString(), "--signer-fingerprint", fingerprint(bundle));
    assertThat(pinned.exit()).isEqualTo(ExitCodes.TRANSCRIPT_INVALID);
    assertThat(pinned.out())
        .startsWith("Ceremony outcome UNKNOWN; integrity FAILED: signer.pem: its key has SHA-256");
  }

  @Test
  void interrupted_rendersTheSignedPrefix() throws Exception {
    ItCeremony.Cli r = ItCeremony.run(dir, yaml());
    assertThat(r.exit()).as(r.all()).isZero();
    // A kill right after step.wrap-import was appended and fsynced, before its checkpoint: the
    // lines
    // before it signed (by the same HSM key, as the checkpoint before it did), it on disk unsigned,
    // nothing after.
    Path bundle = r.bundle();
    Path t = bundle.resolve("transcript.jsonl");
    List<String> lines = Files.readAllLines(t, StandardCharsets.UTF_8);
    int w = 0;
    while (!lines.get(w).contains("\"type\":\"step.wrap-import\"")) {
      w++;
    }
    byte[] signedPrefix =
        (String.join("\n", lines.subList(0, w)) + "\n").getBytes(StandardCharsets.UTF_8);
    Files.write(
        t, (String.join("\n", lines.subList(0, w + 1)) + "\n").getBytes(StandardCharsets.UTF_8));
    try (IaikHsm hsm = IaikHsm.open(new HsmLocator(HsmLocator.SOFTHSM_MODULE, ItCeremony.token()));
        Secret pin = PinSource.parse("file:" + ItCeremony.pinFile("user")).read("unused");
        HsmSession s = hsm.login(pin)) {
      SignerKey k = s.findSigner(ItCeremony.SIGNER).orElseThrow();
      Files.write(
          bundle.resolve("transcript.sig"),
          new HsmTranscriptSigner(s.evidence(), k).sign(signedPrefix));
    }
    String text = render(bundle, "interrupted", ExitCodes.TRANSCRIPT_INCOMPLETE);
    assertThat(text)
        .contains(
            "Ceremony INTERRUPTED; integrity OK for lines 1-" + w + " of " + (w + 1) + " only")
        .contains("step.wrap-import (not signed)")
        .contains("No proof was recorded");
  }

  /**
   * The printable script: every step with sign-off rows, and the script's SHA-256 on every printed
   * A4 page.
   */
  @Test
  void planHtml_printsEveryStepAndTheShaOnEveryPage() throws Exception {
    Path script = dir.resolve("printable.yaml");
    Files.writeString(
        script, yaml().replace("purpose: integration test", "purpose: <b>print</b> & sign"));
    Path html = dir.resolve("plan.html");
    ItCeremony.Cli p =
        ItCeremony.main("plan", script.toString(), "--format", "html", "--out", html.toString());
    assertThat(p.exit()).as(p.all()).isZero();
    String sha = dev.keyceremony.transcript.Hashes.sha256Hex(Files.readAllBytes(script));
    assertThat(p.out()).contains(sha);
    String page = Files.readString(html);
    assertThat(page)
        .contains("&lt;b&gt;print&lt;/b&gt; &amp; sign")
        .doesNotContain("<b>print")
        .doesNotContainPattern("(?i)<script|<link|@import|url\\(");
    Path profile = Files.createDirectories(dir.resolve("profile-plan"));
    String dom = Chromium.run(html, profile, "--dump-dom");
    for (String step :
        List.of(
            "preflight",
            "approvals",
            "create-key",
            "parameters",
            "hsm-prepare",
            "wrap-import",
            "prove",
            "seal")) {
      assertThat(dom).contains(". " + step + "</h2>");
    }
    // one sign-off row per step for the operator (olivia) and each witness (wendy)
    assertThat(dom.split("<td class=\"sign\"></td><td class=\"sign\"></td>", -1))
        .hasSize(8 * 2 + 1);
    Path pdf = dir.resolve("plan.pdf");
    Chromium.run(html, profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf);
    String info = Chromium.tool("pdfinfo", pdf.toString());
    assertThat(info)
        .containsPattern("Page size: +59[45](\\.\\d+)? x 84[12](\\.\\d+)? pts \\(A4\\)");
    int pages = Integer.parseInt(info.replaceAll("(?s).*Pages: +(\\d+).*", "$1"));
    assertThat(pages).isGreaterThan(1);
    for (int i = 1; i <= pages; i++) {
      String text = Chromium.tool("pdftotext", "-f", "" + i, "-l", "" + i, pdf.toString(), "-");
      assertThat(text).as("page " + i).contains("Script SHA-256 " + sha);
    }
    Path screens =
        Files.createDirectories(ItCeremony.projectDir().resolve("target/report-screens"));
    Chromium.run(
        html,
        profile,
        "--window-size=1000,1400",
        "--hide-scrollbars",
        "--screenshot=" + screens.resolve("plan.png"));
  }

  /** The probe can fail: a table cell holding an unbreakable 1500 px value is flagged. */
  @Test
  void overflowProbe_flagsAnElementWiderThanThePage() throws Exception {
    Path page = dir.resolve("wide.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><body><table><tr><td style=\"white-space:nowrap\">"
            + "x".repeat(400)
            + "</td></tr></table><script>"
            + OVERFLOW_PROBE
            + "</script></body></html>");
    String probed =
        Chromium.run(
            page,
            Files.createDirectories(dir.resolve("profile-wide")),
            "--window-size=" + A4_PRINTABLE_PX + ",1000",
            "--dump-dom");
    assertThat(probed).containsPattern("data-overflow=\"page scrollWidth \\d+; .*TD right \\d+");
  }

  /** Writes the report, renders it, checks overflow and the PDF, and returns the rendered text. */
  static String render(Path bundle, String name, int expectedExit) throws Exception {
    Path html = dir.resolve(name + ".html");
    ItCeremony.Cli rep =
        ItCeremony.main(
            "transcript",
            "report",
            bundle.toString(),
            "--signer-fingerprint",
            fingerprint(bundle),
            "--out",
            html.toString());
    assertThat(rep.exit()).as(rep.all()).isEqualTo(expectedExit);
    String page = Files.readString(html);
    assertThat(page)
        .doesNotContainPattern("(?i)<script|<link|@import|url\\(|https?://(?!127\\.0\\.0\\.1)");
    Path profile = Files.createDirectories(dir.resolve("profile-" + name));

    String dom = Chromium.run(html, profile, "--dump-dom");
    String text =
        dom.replaceAll("(?s)<style.*?</style>", " ")
            .replaceAll("<[^>]+>", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replaceAll("\\s+", " ");

    Path probe = dir.resolve(name + "-probe.html");
    Files.writeString(
        probe,
        page.replace("@media print", "@media all")
            .replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .replace("</body>", "<script>" + OVERFLOW_PROBE + "</script></body>"));
    String probed =
        Chromium.run(probe, profile, "--window-size=" + A4_PRINTABLE_PX + ",1000", "--dump-dom");
    Matcher m = Pattern.compile("data-overflow=\"([^\"]*)\"").matcher(probed);
    assertThat(m.find()).as("the probe ran").isTrue();
    assertThat(m.group(1)).as("elements wider than A4's printable width").isEqualTo("none");

    Path pdf = dir.resolve(name + ".pdf");
    Chromium.run(html, profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf);
    String info = Chromium.tool("pdfinfo", pdf.toString());
    assertThat(info)
        .containsPattern("Page size: +59[45](\\.\\d+)? x 84[12](\\.\\d+)? pts \\(A4\\)");
    String pdfText =
        Chromium.tool("pdftotext", "-layout", pdf.toString(), "-").replaceAll("\\s+", "");
    assertThat(pdfText).contains(fingerprint(bundle)).contains(bundle.getFileName().toString());

    Path screens =
        Files.createDirectories(ItCeremony.projectDir().resolve("target/report-screens"));
    Chromium.run(
        html,
        profile,
        "--window-size=1100,1800",
        "--hide-scrollbars",
        "--screenshot=" + screens.resolve("report-" + name + ".png"));
    return text;
  }

  /** Lists elements whose box passes the viewport's right edge (or the page scrolls sideways). */
  static final String OVERFLOW_PROBE =
      """
      (function () {
        var w = document.documentElement.clientWidth, bad = [];
        if (document.documentElement.scrollWidth > w) bad.push('page scrollWidth ' + document.documentElement.scrollWidth);
        document.querySelectorAll('body *').forEach(function (e) {
          var r = e.getBoundingClientRect();
          if (r.width > 0 && r.right > w + 0.5) bad.push(e.tagName + ' right ' + Math.round(r.right));
          if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') bad.push(e.tagName + ' scrolls');
        });
        document.body.setAttribute('data-overflow', bad.length ? bad.slice(0, 10).join('; ') : 'none');
      })();
      """;
}
