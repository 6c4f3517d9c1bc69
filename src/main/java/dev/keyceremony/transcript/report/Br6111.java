package dev.keyceremony.transcript.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.transcript.VerificationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the bundle's evidence to the items of CA/Browser Forum Baseline Requirements §6.1.1.1 (CA
 * key pair generation). It points at evidence; it is not an auditor's opinion, and items the tool
 * cannot see (physical security, the auditor's own report) say so.
 */
final class Br6111 {
  private Br6111() {}

  static Section section(Entries e, VerificationReport r) {
    JsonNode o = e.opened();
    JsonNode roles = o.path("roles");
    List<List<String>> rows = new ArrayList<>();
    String scriptHash = e.text(o.path("script"), "sha256");
    rows.add(
        List.of(
            "Prepare and follow a Key Generation Script",
            scriptHash.isEmpty()
                ? "No script hash recorded in line 1."
                : "Script "
                    + e.text(o.path("script"), "source")
                    + ", SHA-256 "
                    + scriptHash
                    + " in the signed line 1; script.yaml holds the exact bytes. Each step of the script is an entry"
                    + " of the timeline; 'ceremony plan SCRIPT --format html' prints it with sign-off lines.",
            "That the room followed the printed script: the signed sign-off sheet."));
    rows.add(
        List.of(
            "Personnel in Trusted Roles",
            "Operator "
                + e.text(roles, "operator")
                + "; custodians "
                + Entries.join(roles.path("custodians"))
                + "; witnesses "
                + Entries.join(roles.path("witnesses"))
                + " (line 1).",
            "That these people hold the roles in your CP/CPS: your HR and role records."));
    rows.add(
        List.of(
            "Witnessing of the key pair generation (Qualified Auditor or video)",
            "Witness confirmations of the wrapping key fingerprint: "
                + count(e, "confirmations")
                + " recorded (Who)."
                + " Timeline with times of every step.",
            "A Qualified Auditor's presence or a video recording; the auditor's own notes."));
    rows.add(
        List.of(
            "Multiple person control and split knowledge",
            e.text(e.data("step.approvals"), "approved")
                + " of "
                + e.text(roles, "approvalsRequired")
                + " required custodian approvals recorded ("
                + e.text(roles, "acknowledgements")
                + ").",
            "Typed or pre-recorded approvals are not authenticated; signed ones name the key. Split PIN"
                + " knowledge, if used, is not recorded here."));
    rows.add(
        List.of(
            "Generated in a cryptographic module meeting the CP/CPS requirements",
            "Token "
                + e.text(e.data("step.preflight").path("token"), "label")
                + " ("
                + e.text(e.data("step.preflight").path("token"), "manufacturer")
                + " "
                + e.text(e.data("step.preflight").path("token"), "model")
                + "), module SHA-256 "
                + e.text(e.data("step.preflight").path("token"), "moduleSha256")
                + "; object attributes (Proofs).",
            "The module's certification (e.g. FIPS 140-3 level): your inventory."));
    rows.add(
        List.of(
            "Log the key generation activities",
            "This signed, hash-chained transcript: "
                + r.lineCount()
                + " lines, "
                + r.signedLineCount()
                + " signed; "
                + r.headline(),
            "Physical-access and video logs of the room."));
    rows.add(
        List.of(
            "Report that the ceremony followed the script and kept the key's integrity and"
                + " confidentiality",
            "This report, and 'ceremony transcript verify' with the signer pinned.",
            "The Qualified Auditor's report is the auditor's own; this page is evidence for it."));
    return new Section(
        "br-6-1-1-1",
        "CA/B Forum BR §6.1.1.1 evidence map",
        List.of(
            new Block.Table(
                List.of("BR §6.1.1.1 item", "Evidence in this bundle", "Not covered here"),
                rows,
                List.of()),
            new Block.Para(
                "This table points at evidence; it is not a compliance opinion.", false)));
  }

  private static int count(Entries e, String field) {
    int n = 0;
    for (var x : e.all()) {
      n += x.data().path(field).size();
    }
    return n;
  }
}
