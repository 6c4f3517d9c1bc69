package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custodians approve the plan; at least roles.approvals-required must approve. A custodian with
 * an ssh-key approves only with an SSHSIG signature over the approval request (from {@code
 * --approvals DIR} or pasted at the prompt), verified here; one without is counted as an
 * unauthenticated approval (rehearsals). Invalid signatures are recorded with their reason and not
 * counted. Too few: the ceremony stops before any side effect, naming who is missing.
 */
final class ApprovalStep implements Step {
  /** How long a request made at the prompt (no --approvals) may be signed. */
  static final Duration PROMPT_REQUEST_VALIDITY = Duration.ofHours(1);

  private final List<String> plan;

  ApprovalStep(List<String> plan) {
    this.plan = List.copyOf(plan);
  }

  @Override
  public String name() {
    return "approvals";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    Roles roles = ctx.script().roles();
    PresignedApprovals pre = ctx.participants().presigned().orElse(null);
    String scriptSha = scriptSha256(ctx);
    ApprovalRequest req;
    if (pre != null) {
      req = pre.request();
      String diff =
          req.firstDifference(
              ResolvedPlan.lines(ctx.script(), st, ctx.kms().target(), scriptSha, pre.runId()));
      data.put("request", requestData(req, pre.source()));
      if (diff != null) {
        throw new CeremonyFailure(
            FailCause.APPROVAL_REQUEST_MISMATCH,
            "the approval request in " + pre.source() + " is for another plan or script: " + diff,
            "nothing was changed;"
                + " write a new request with ./ceremony plan SCRIPT --approval-request FILE and"
                + " have the custodians sign it");
      }
    } else if (roles.custodians().stream().anyMatch(c -> roles.key(c).isPresent())) {
      req =
          ApprovalRequest.create(
              ResolvedPlan.lines(ctx.script(), st, ctx.kms().target(), scriptSha, null),
              ctx.clock(),
              ctx.random(),
              PROMPT_REQUEST_VALIDITY);
      data.put("request", requestData(req, "made at the prompt"));
    } else {
      req = null; // a rehearsal with plain names: nothing to sign
    }
    Instant now = ctx.clock().instant();
    List<Acknowledgement> acks = new ArrayList<>();
    List<Object> invalid = new ArrayList<>();
    Set<String> approved = new HashSet<>();
    if (pre != null) {
      for (PresignedApprovals.SignatureFile f : pre.signatures()) {
        SignatureCheck.Result r =
            SignatureCheck.check(
                f.name(), f.text(), req.bytes(), roles, "custodian", now, req.expires());
        count(r, roles, approved, acks, invalid, now, "SSHSIG signature in " + f.name());
      }
    }
    List<String> summary = new ArrayList<>();
    summary.add(
        "purpose: " + (ctx.script().purpose() == null ? "(none given)" : ctx.script().purpose()));
    summary.addAll(ResolvedPlan.summary(ctx.script(), st, ctx.kms().target()));
    summary.add("script-sha256: " + scriptSha);
    List<Acknowledgement> answers =
        ctx.participants()
            .approvals(new ApprovalPrompt(roles, plan, summary, req, approved, ctx.clock()));
    for (Acknowledgement a : answers) {
      if (!roles.custodians().contains(a.name()) || approved.contains(a.name())) {
        continue;
      }
      if (a.positive() && a.signed()) {
        // Checked again here: a front-end's word is not evidence.
        SignatureCheck.Result r =
            req == null
                ? null
                : SignatureCheck.check(
                    String.valueOf(a.evidence().get("source")),
                    String.valueOf(a.evidence().get("signature")),
                    req.bytes(),
                    roles,
                    "custodian",
                    ctx.clock().instant(),
                    req.expires());
        if (r == null) {
          continue;
        }
        if (!r.valid() || !r.name().equals(a.name())) {
          invalid.add(
              r.valid()
                  ? Map.of(
                      "source",
                      r.source(),
                      "reason",
                      "WRONG_PERSON",
                      "message",
                      "signed by " + r.name() + ", offered for " + a.name())
                  : r.toData());
          continue;
        }
        approved.add(a.name());
        acks.add(
            new Acknowledgement(a.role(), a.name(), a.decision(), a.time(), a.how(), r.evidence()));
      } else if (a.positive() && roles.key(a.name()).isPresent()) {
        acks.add(
            new Acknowledgement(
                a.role(),
                a.name(),
                "not counted",
                a.time(),
                a.how()
                    + "; "
                    + a.name()
                    + " has an ssh-key in the script, so only a signature counts"));
      } else {
        if (a.positive()) {
          approved.add(a.name());
        }
        acks.add(a);
      }
    }
    List<String> missing = roles.custodians().stream().filter(c -> !approved.contains(c)).toList();
    data.put("mode", ctx.participants().mode());
    data.put("required", roles.approvalsRequired());
    data.put("approved", (long) approved.size());
    data.put("approvedBy", roles.custodians().stream().filter(approved::contains).toList());
    data.put("acknowledgements", acks.stream().map(Acknowledgement::toData).toList());
    data.put("invalidSignatures", invalid);
    data.put("notApproved", missing);
    if (approved.size() < roles.approvalsRequired()) {
      throw new CeremonyFailure(
          FailCause.NOT_APPROVED,
          approved.size()
              + " of the "
              + roles.approvalsRequired()
              + " custodian approvals required were given"
              + (approved.isEmpty()
                  ? ""
                  : " (by "
                      + String.join(
                          ", ", roles.custodians().stream().filter(approved::contains).toList())
                      + ")")
              + "; no approval from "
              + String.join(", ", missing)
              + (invalid.isEmpty()
                  ? ""
                  : "; " + invalid.size() + " signature(s) not counted: " + describe(invalid)),
          "nothing was changed; hold the ceremony again when enough custodians approve");
    }
  }

  private static void count(
      SignatureCheck.Result r,
      Roles roles,
      Set<String> approved,
      List<Acknowledgement> acks,
      List<Object> invalid,
      Instant now,
      String how) {
    if (!r.valid()) {
      invalid.add(r.toData());
    } else if (approved.contains(r.name())) {
      invalid.add(
          Map.of(
              "source",
              r.source(),
              "reason",
              "DUPLICATE",
              "message",
              r.name() + " already approved; one approval per custodian"));
    } else {
      approved.add(r.name());
      acks.add(new Acknowledgement("custodian", r.name(), "approved", now, how, r.evidence()));
    }
  }

  @SuppressWarnings("unchecked")
  private static String describe(List<Object> invalid) {
    List<String> l = new ArrayList<>();
    for (Object o : invalid) {
      Map<String, Object> m = (Map<String, Object>) o;
      l.add(m.get("source") + " (" + m.get("reason") + ": " + m.get("message") + ")");
    }
    return String.join("; ", l);
  }

  private static Map<String, Object> requestData(ApprovalRequest req, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("approvalId", req.approvalId());
    m.put("created", req.created().toString());
    m.put("expires", req.expires().toString());
    m.put("sha256", Fingerprint.sha256Hex(req.bytes()));
    // The signed bytes themselves, so an auditor can re-verify with ssh-keygen -Y verify.
    m.put("text", req.text());
    return m;
  }

  @SuppressWarnings("unchecked")
  static String scriptSha256(CeremonyContext ctx) {
    Object script = ctx.environment().get("script");
    if (script instanceof Map && ((Map<String, Object>) script).get("sha256") != null) {
      return String.valueOf(((Map<String, Object>) script).get("sha256"));
    }
    return "(unknown)";
  }
}
