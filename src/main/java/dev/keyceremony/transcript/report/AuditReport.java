package dev.keyceremony.transcript.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.SignerTrust;
import dev.keyceremony.transcript.TranscriptEntry;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.transcript.report.Block.Fact;
import dev.keyceremony.transcript.report.Block.Facts;
import dev.keyceremony.transcript.report.Block.Para;
import dev.keyceremony.transcript.report.Block.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of one verified bundle, in the order an auditor reads them: the two verdicts, what and
 * why, who, where, the wrapping key, the timeline, the proofs, KMS request IDs, what went wrong,
 * the evidence hashes, and the BR §6.1.1.1 mapping. Pure: built from a {@link VerificationReport};
 * when the bundle failed verification the facts are still shown, marked as untrusted.
 *
 * @param title e.g. "Key ceremony payments-2026-20261130T…"
 * @param headline the first line of {@code transcript verify}
 * @param status the exit-code category, e.g. PASS
 * @param sections in reading order
 * @param generatedBy the tool and version that wrote the report
 */
public record AuditReport(
    String title, String headline, String status, List<Section> sections, String generatedBy) {
  public AuditReport {
    sections = List.copyOf(sections);
  }

  /** Inputs besides the verification: where the bundle is, and how the verify command pinned it. */
  public record Context(
      String bundle, boolean scriptInBundle, String pinnedCommand, String generatedBy) {}

  public static AuditReport build(VerificationReport r, Context ctx) {
    Entries e = new Entries(r.entries());
    List<Section> s = new ArrayList<>();
    s.add(verdicts(r, ctx));
    s.add(what(e));
    s.add(who(e));
    s.add(where(e));
    s.add(wrappingKey(e));
    s.add(timeline(r, e));
    s.add(proofs(e));
    s.add(kmsRequests(e));
    s.add(problems(e));
    s.add(evidence(r, e, ctx));
    s.add(Br6111.section(e, r));
    String name = r.ceremonyId().isEmpty() ? "(unreadable)" : r.ceremonyId();
    return new AuditReport(
        "Key ceremony " + name, r.headline(), r.status().name(), s, ctx.generatedBy());
  }

  private static Section verdicts(VerificationReport r, Context ctx) {
    List<Block> b = new ArrayList<>();
    b.add(new Para(r.headline(), true));
    List<Fact> f = new ArrayList<>();
    f.add(
        new Fact(
            "Outcome",
            r.outcome().headline().replaceFirst("^Ceremony ", "") + ": " + r.outcome().detail(),
            false));
    f.add(new Fact("Integrity", r.summary(), false));
    f.add(
        new Fact(
            "Signer",
            switch (r.trust().status()) {
              case PINNED -> "pinned: " + r.trust().pinName();
              case NOT_PINNED ->
                  "NOT PINNED: the signature is valid, but nothing here says whose key made it; compare"
                      + " the fingerprint below with your organisation's records";
              case NONE -> "no trusted signer";
            },
            false));
    f.add(
        new Fact(
            "Signer SHA-256",
            r.signerFingerprint().isEmpty() ? "none" : r.signerFingerprint(),
            true));
    f.add(new Fact("Exit code category", r.status().name(), true));
    b.add(new Facts(f));
    r.problems().forEach(p -> b.add(new Para("Problem: " + p, true)));
    r.warnings().forEach(w -> b.add(new Para("Warning: " + w, true)));
    b.add(
        new Para(
            "Check it again (the signer pinned; take the fingerprint from your records, never from the"
                + " bundle):",
            false));
    b.add(
        new Block.Command(
            r.trust().status() == SignerTrust.Status.PINNED
                ? ctx.pinnedCommand()
                : "./ceremony transcript verify "
                    + ctx.bundle()
                    + " --signer-fingerprint <SHA-256 from your records>"));
    b.add(
        new Block.Command(
            "openssl dgst -sha384 -verify "
                + ctx.bundle()
                + "/"
                + BundleFiles.SIGNER_PEM
                + " -signature "
                + ctx.bundle()
                + "/"
                + BundleFiles.SIGNATURE
                + " "
                + ctx.bundle()
                + "/"
                + BundleFiles.TRANSCRIPT));
    return new Section("verdicts", "Verdicts", b);
  }

  private static Section what(Entries e) {
    JsonNode o = e.opened();
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Ceremony", e.text(o, "name"), false));
    f.add(new Fact("Purpose", e.text(o, "purpose"), false));
    JsonNode key = o.path("key");
    if (key.has("create")) {
      f.add(
          new Fact(
              "KMS key",
              "create a new key: "
                  + e.text(key, "create")
                  + ", "
                  + e.text(key, "usage")
                  + (key.has("alias") ? ", alias " + e.text(key, "alias") : "")
                  + (key.path("multiRegion").asBoolean() ? ", multi-Region" : ""),
              false));
      if (key.has("description")) {
        f.add(new Fact("Key description", e.text(key, "description"), false));
      }
      if (key.path("tags").size() > 0) {
        f.add(new Fact("Tags", Entries.compact(key.path("tags")), true));
      }
    } else if (key.has("existing")) {
      f.add(new Fact("KMS key", "existing key " + e.text(key, "existing"), true));
    }
    JsonNode m = o.path("material");
    f.add(
        new Fact(
            "Key material",
            m.has("generate")
                ? "generated in the HSM as '" + e.text(m, "generate") + "'"
                : m.has("existing")
                    ? "existing HSM object '" + e.text(m, "existing") + "' (reimport)"
                    : "",
            false));
    f.add(
        new Fact(
            "Wrapping",
            e.text(o.path("wrapping"), "algorithm")
                + " with "
                + e.text(o.path("wrapping"), "keySpec"),
            false));
    f.add(new Fact("Expiration", e.text(o, "expiration"), false));
    return new Section("what", "What and why", List.of(new Facts(f)));
  }

  private static Section who(Entries e) {
    JsonNode roles = e.opened().path("roles");
    List<Block> b = new ArrayList<>();
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Operator", e.text(roles, "operator"), false));
    f.add(new Fact("Custodians", Entries.join(roles.path("custodians")), false));
    f.add(new Fact("Witnesses", Entries.join(roles.path("witnesses")), false));
    f.add(new Fact("Approvals required", e.text(roles, "approvalsRequired"), false));
    f.add(new Fact("How acknowledgements were given", e.text(roles, "acknowledgements"), false));
    b.add(new Facts(f));
    List<List<String>> rows = new ArrayList<>();
    for (TranscriptEntry x : e.all()) {
      for (String field : List.of("acknowledgements", "confirmations")) {
        for (JsonNode a : x.data().path(field)) {
          rows.add(
              List.of(
                  e.text(a, "name"),
                  e.text(a, "role"),
                  e.text(a, "decision"),
                  e.text(a, "time"),
                  e.text(a, "how"),
                  Entries.others(a, "name", "role", "decision", "time", "how"),
                  x.type().replaceFirst("^step\\.", "") + " (line " + x.seq() + ")"));
        }
      }
    }
    if (rows.isEmpty()) {
      b.add(
          new Para(
              "No approval or confirmation was recorded (the ceremony stopped before the approvals"
                  + " step).",
              false));
    } else {
      b.add(
          new Table(
              List.of(
                  "Name",
                  "Role",
                  "Decision",
                  "Time (UTC)",
                  "How given",
                  "Signature / other",
                  "Step"),
              rows,
              List.of(3, 5)));
      b.add(
          new Para(
              "'Typed' and 'pre-recorded' acknowledgements are not authenticated: they show what was"
                  + " entered, not who entered it. Signed acknowledgements name the key; re-check them with the"
                  + " signer's public key.",
              false));
    }
    return new Section("who", "Who", b);
  }

  private static Section where(Entries e) {
    JsonNode o = e.opened();
    JsonNode pre = e.data("step.preflight");
    JsonNode token = pre.path("token");
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Host", e.text(o, "host"), false));
    f.add(new Fact("Operating system / JVM", e.text(o, "os") + " / " + e.text(o, "jvm"), false));
    f.add(
        new Fact(
            "Tool",
            e.text(o.path("tool"), "name") + " " + e.text(o.path("tool"), "version"),
            false));
    f.add(
        new Fact(
            "HSM module",
            token.has("modulePath") ? e.text(token, "modulePath") : e.text(o.path("hsm"), "module"),
            true));
    f.add(new Fact("HSM module SHA-256", e.text(token, "moduleSha256"), true));
    f.add(new Fact("HSM library", e.text(token, "library"), false));
    f.add(
        new Fact(
            "Token",
            e.text(token, "label").isEmpty()
                ? e.text(o.path("hsm"), "token")
                : e.text(token, "label")
                    + " ("
                    + e.text(token, "manufacturer")
                    + " "
                    + e.text(token, "model")
                    + ", serial "
                    + e.text(token, "serial")
                    + ", firmware "
                    + e.text(token, "firmwareVersion")
                    + ")",
            false));
    f.add(new Fact("Trusted mode", e.text(o.path("hsm"), "trustedMode"), false));
    f.add(new Fact("KMS", e.text(o, "kms"), false));
    f.add(new Fact("KMS endpoint", e.text(pre.path("kms"), "endpoint"), true));
    f.add(new Fact("Region", e.text(pre.path("kms"), "region"), true));
    f.add(new Fact("Account", e.keyFact("account"), true));
    f.add(new Fact("Key ARN", e.keyArn(), true));
    f.add(new Fact("KeyMaterialId", e.text(e.data("ceremony.sealed"), "keyMaterialId"), true));
    JsonNode hsmObject = e.data("ceremony.sealed").path("hsmObject");
    f.add(
        new Fact(
            "HSM object",
            hsmObject.isMissingNode()
                ? ""
                : "label " + e.text(hsmObject, "label") + ", CKA_ID " + e.text(hsmObject, "id"),
            true));
    return new Section(
        "where",
        "Where",
        List.of(
            new Facts(
                f.stream()
                    .filter(x -> !x.value().isBlank() && !x.value().equals(" / "))
                    .toList())));
  }

  private static Section wrappingKey(Entries e) {
    JsonNode p = e.data("step.parameters");
    if (p.isMissingNode() || !p.has("wrappingKeySpkiSha256")) {
      return new Section(
          "wrapping-key",
          "Wrapping key fingerprint",
          List.of(
              new Para("Not recorded: the ceremony did not reach the parameters step.", false)));
    }
    String hex = e.text(p, "wrappingKeySpkiSha256");
    return new Section(
        "wrapping-key",
        "Wrapping key fingerprint",
        List.of(
            new Facts(
                List.of(
                    new Fact("SHA-256 (hex)", hex.replaceAll("(.{8})(?!$)", "$1 "), true),
                    new Fact("Words", e.text(p, "fingerprintWords"), true),
                    new Fact("Word list", e.text(p, "wordList"), false),
                    new Fact(
                        "Key spec / algorithm",
                        e.text(p, "wrappingKeySpec") + " / " + e.text(p, "algorithm"),
                        false),
                    new Fact("Import token SHA-256", e.text(p, "importTokenSha256"), true),
                    new Fact("Parameters valid to", e.text(p, "parametersValidTo"), true))),
            new Para(
                "Witnesses compared these words with the ones shown to them during the ceremony (see Who)."
                    + " The wrapping key is one-time: KMS issued it for this key only.",
                false)));
  }

  private static Section timeline(VerificationReport r, Entries e) {
    List<List<String>> rows = new ArrayList<>();
    Instant start = e.all().isEmpty() ? null : Instant.parse(e.all().get(0).time());
    for (TranscriptEntry x : e.all()) {
      JsonNode d = x.data().path("durationMs");
      String signed = r.signedLineCount() >= x.seq() ? "" : " (not signed)";
      rows.add(
          List.of(
              String.valueOf(x.seq()),
              x.time(),
              "+" + seconds(Duration.between(start, Instant.parse(x.time())).toMillis()),
              d.isNumber() ? seconds(d.longValue()) : "",
              x.type() + signed,
              x.actor()));
    }
    return new Section(
        "timeline",
        "Timeline",
        List.of(
            new Table(
                List.of("Line", "Time (UTC)", "Elapsed", "Duration", "Entry", "Actor"),
                rows,
                List.of(1))));
  }

  private static Section proofs(Entries e) {
    JsonNode p = e.data("step.prove");
    List<Block> b = new ArrayList<>();
    if (p.isMissingNode()) {
      b.add(new Para("No proof was recorded: the ceremony did not reach the prove step.", true));
    } else {
      b.add(new Para("What it proves: " + e.text(p, "statement"), false));
      List<Fact> f = new ArrayList<>();
      p.properties()
          .forEach(
              x -> {
                if (x.getValue().isValueNode()
                    && !x.getKey().equals("statement")
                    && !x.getKey().equals("durationMs")) {
                  f.add(new Fact(x.getKey(), x.getValue().asText(), true));
                }
              });
      b.add(new Facts(f));
    }
    JsonNode token = e.data("step.preflight").path("token");
    List<String> not = new ArrayList<>();
    not.add(
        "It does not prove that the HSM is the certified hardware your policy requires: check the token facts"
            + " and the module hash (Where) against your inventory.");
    if ((e.text(token, "manufacturer") + e.text(token, "library"))
        .toLowerCase()
        .contains("softhsm")) {
      not.add(
          "This token is SoftHSM2, a software token: good for rehearsals, not a certified HSM.");
    }
    if (e.text(e.opened(), "kms").toLowerCase().contains("local kms")) {
      not.add("KMS here is the project's local KMS emulator, not AWS.");
    }
    not.add(
        "It does not prove who typed or pre-recorded an acknowledgement (see Who), nor that no copy of the"
            + " material exists outside the HSM beyond what the token's attributes (sensitive, extractable) say.");
    not.forEach(x -> b.add(new Para("What it does not prove: " + x, false)));
    JsonNode attrs = e.data("step.hsm-prepare").path("attributes");
    if (!attrs.isMissingNode()) {
      b.add(new Facts(List.of(new Fact("HSM object attributes", Entries.compact(attrs), true))));
    }
    return new Section("proofs", "Proofs", b);
  }

  private static Section kmsRequests(Entries e) {
    List<List<String>> rows = new ArrayList<>();
    for (TranscriptEntry x : e.all()) {
      for (JsonNode k : x.data().path("kmsRequests")) {
        rows.add(
            List.of(
                String.valueOf(x.seq()),
                x.type().replaceFirst("^step\\.", ""),
                e.text(k, "operation"),
                e.text(k, "requestId"),
                Entries.others(k, "operation", "requestId")));
      }
    }
    return new Section(
        "kms-requests",
        "KMS request IDs",
        List.of(
            rows.isEmpty()
                ? new Para("No KMS request was recorded.", false)
                : new Table(
                    List.of("Line", "Step", "Operation", "Request ID", "Error / other"),
                    rows,
                    List.of(3))));
  }

  private static Section problems(Entries e) {
    List<List<String>> rows = new ArrayList<>();
    for (TranscriptEntry x : e.all()) {
      JsonNode d = x.data();
      boolean bad =
          switch (x.type()) {
            case "error", "ceremony.interrupted", "ceremony.resumed", "ceremony.abandoned" -> true;
            case "result" -> !"done".equals(e.text(d, "status"));
            default -> d.has("retries") || d.has("retry") || hasKmsError(d);
          };
      if (bad) {
        rows.add(List.of(String.valueOf(x.seq()), x.time(), x.type(), Entries.compact(d)));
      }
    }
    return new Section(
        "problems",
        "Retries, errors and interruptions",
        List.of(
            rows.isEmpty()
                ? new Para("None recorded.", false)
                : new Table(List.of("Line", "Time (UTC)", "Entry", "Facts"), rows, List.of(1))));
  }

  private static boolean hasKmsError(JsonNode d) {
    for (JsonNode k : d.path("kmsRequests")) {
      if (k.has("error")) {
        return true;
      }
    }
    return false;
  }

  private static Section evidence(VerificationReport r, Entries e, Context ctx) {
    JsonNode o = e.opened();
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Script", e.text(o.path("script"), "source"), true));
    f.add(new Fact("Script SHA-256", e.text(o.path("script"), "sha256"), true));
    f.add(
        new Fact(
            "script.yaml in the bundle",
            ctx.scriptInBundle()
                ? "yes; its SHA-256 matches line 1 unless a problem above says otherwise"
                : "no",
            false));
    f.add(new Fact("Tool jar", e.text(o.path("tool"), "jar"), true));
    f.add(new Fact("Tool jar SHA-256", e.text(o.path("tool"), "jarSha256"), true));
    f.add(
        new Fact(
            "HSM module SHA-256",
            e.text(e.data("step.preflight").path("token"), "moduleSha256"),
            true));
    f.add(new Fact("Signer key SHA-256", r.signerFingerprint(), true));
    f.add(
        new Fact(
            "Last line SHA-256 (chain head)",
            e.all().isEmpty() ? "" : e.all().get(e.all().size() - 1).sha256(),
            true));
    f.add(new Fact("Lines / signed", r.lineCount() + " / " + r.signedLineCount(), false));
    return new Section(
        "evidence",
        "Evidence hashes",
        List.of(new Facts(f.stream().filter(x -> !x.value().isBlank()).toList())));
  }

  static String seconds(long millis) {
    return String.format("%d.%03ds", millis / 1000, Math.abs(millis) % 1000);
  }
}
