package dev.keyceremony.cli;

import static dev.keyceremony.transcript.report.Html.escape;

import dev.keyceremony.ceremony.PrintedScript;
import dev.keyceremony.ceremony.script.CeremonyScript;
import java.util.List;

/**
 * The printable ceremony script: each step with what the operator does, what each witness checks,
 * and a sign-off line (initials, time) per person, with the script's SHA-256 in the running header
 * of every printed page (CSS paged media margin boxes) and in the page itself. Self-contained:
 * inline CSS only; every value escaped.
 */
final class PlanHtml {
  private PlanHtml() {}

  static String render(
      CeremonyScript s,
      String scriptSha256,
      String scriptPath,
      List<PrintedScript.PrintedStep> steps) {
    String sha = escape(scriptSha256);
    StringBuilder b = new StringBuilder(16_000);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<title>Ceremony script ")
        .append(escape(s.name()))
        .append("</title>\n<style>\n")
        .append(dev.keyceremony.transcript.report.HtmlReportRenderer.CSS)
        .append(
            """
            @page { @top-center { content: "Script SHA-256 %s"; font: 7.5pt monospace; }
                    @bottom-left { content: "Ceremony script %s"; font: 8pt sans-serif; } }
            .step { border: 1px solid #888; padding: .4rem .6rem; margin: .8rem 0; break-inside: avoid; }
            .step h2 { border: 0; margin: 0 0 .3rem; }
            ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; }
            td.sign { height: 2.2em; }
            """
                .formatted(cssText(scriptSha256), cssText(s.name())))
        .append("</style>\n</head>\n<body>\n<h1>Ceremony script: ")
        .append(escape(s.name()))
        .append("</h1>\n")
        .append("<table class=\"facts\">\n");
    fact(b, "Purpose", s.purpose());
    fact(b, "Script", scriptPath);
    b.append("<tr><th scope=\"row\">Script SHA-256</th><td class=\"mono\" id=\"script-sha256\">")
        .append(sha)
        .append("</td></tr>\n");
    fact(b, "Operator", s.roles().operator());
    fact(
        b,
        "Custodians",
        String.join(", ", s.roles().custodians())
            + " ("
            + s.roles().approvalsRequired()
            + " approvals required)");
    fact(b, "Witnesses", String.join(", ", s.roles().witnesses()));
    fact(b, "HSM token", s.hsm().token() + " (" + s.hsm().module() + ")");
    fact(b, "KMS", s.kms().describe());
    b.append(
            "</table>\n<p>Before starting: every person checks that the SHA-256 above (also at the top of every"
                + " page) equals <code>sha256sum ")
        .append(escape(scriptPath))
        .append(
            "</code> on the ceremony machine."
                + " Initial each step only after seeing it happen.</p>\n");
    List<String> people = new java.util.ArrayList<>();
    people.add(s.roles().operator() + " (operator)");
    s.roles().witnesses().forEach(w -> people.add(w + " (witness)"));
    for (PrintedScript.PrintedStep st : steps) {
      b.append("<section class=\"step\">\n<h2>")
          .append(st.number())
          .append(". ")
          .append(escape(st.name()))
          .append("</h2>\n<p><strong>Operator does:</strong> ")
          .append(escape(st.operatorDoes()))
          .append("</p>\n")
          .append("<p><strong>Each witness checks:</strong></p>\n<ul>\n");
      st.witnessChecks().forEach(c -> b.append("<li>").append(escape(c)).append("</li>\n"));
      b.append(
          "</ul>\n<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Initials</th>"
              + "<th scope=\"col\">Time (UTC)</th><th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n");
      people.forEach(
          p ->
              b.append("<tr><td>")
                  .append(escape(p))
                  .append(
                      "</td><td class=\"sign\"></td><td class=\"sign\"></td><td class=\"sign\"></td></tr>\n"));
      b.append("</tbody>\n</table>\n</section>\n");
    }
    b.append(
            "<footer>Printed by ceremony plan --format html. The transcript of the ceremony records the same"
                + " script SHA-256 in its first line; keep this signed sheet with the transcript bundle.</footer>\n")
        .append("</body>\n</html>\n");
    return b.toString();
  }

  /**
   * Text inside a CSS string in a style element: HTML escaping does not apply there, so allow a
   * safe set only.
   */
  private static String cssText(String v) {
    return v.replaceAll("[^A-Za-z0-9 ._:-]", "_");
  }

  private static void fact(StringBuilder b, String label, String value) {
    b.append("<tr><th scope=\"row\">")
        .append(escape(label))
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>\n");
  }
}
