package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.kms.KmsTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * What custodians approve, as {@code field: value} lines: the script's SHA-256 and the plan as
 * preflight resolved it (key spec, KMS account, Region and key, wrapping algorithm, expiry, HSM
 * token, material, people, steps). {@code plan} and {@code run} compute it the same way, so a run
 * can check that a request signed earlier is for exactly this ceremony.
 */
final class ResolvedPlan {
  private ResolvedPlan() {}

  static List<String> lines(
      CeremonyScript s, CeremonyState st, KmsTarget target, String scriptSha256, String runId) {
    List<String> l = new ArrayList<>();
    l.add("ceremony: " + s.name());
    l.add("purpose: " + (s.purpose() == null ? "(none given)" : s.purpose()));
    l.add("script: " + (s.source() == null ? "(unknown)" : s.source().getFileName()));
    l.add("script-sha256: " + scriptSha256);
    for (String line : summary(s, st, target)) {
      l.add(line);
    }
    l.add(
        "hsm-token: "
            + s.hsm().token()
            + " (module "
            + s.hsm().module()
            + ")"
            + (s.hsm().trusted() ? " trusted mode" : ""));
    l.add(
        "material: "
            + (s.material().generate() ? "generate" : "existing")
            + " '"
            + s.material().label()
            + "'");
    Roles r = s.roles();
    l.add("custodians: " + String.join(", ", r.custodians().stream().map(r::describe).toList()));
    l.add("approvals-required: " + r.approvalsRequired());
    l.add("witnesses: " + String.join(", ", r.witnesses().stream().map(r::describe).toList()));
    for (String step : Plan.lines(s, st.algorithm, "signed or typed as listed above")) {
      l.add("step: " + step);
    }
    if (runId == null) {
      return l;
    }
    // A request is written by plan, before the run ID exists: compare with {run} in its place.
    List<String> normal = new ArrayList<>();
    l.forEach(x -> normal.add(x.replace(runId, "{run}")));
    return normal;
  }

  /** What the approval prompt shows: key spec, KMS account, Region and key, algorithm, expiry. */
  static List<String> summary(CeremonyScript s, CeremonyState st, KmsTarget target) {
    List<String> l = new ArrayList<>();
    if (s.key().creates()) {
      var c = s.key().create();
      l.add(
          "key: create "
              + c.spec()
              + " "
              + c.usage()
              + (c.alias() == null ? "" : " alias " + c.alias())
              + (c.multiRegion() ? " multi-Region" : ""));
      l.add("kms-account: the caller's account (the key does not exist yet)");
    } else {
      l.add("key: existing " + s.key().existing() + " (" + st.keySpec + ")");
      l.add("kms-account: " + (st.key == null ? "(unknown)" : st.key.accountId()));
    }
    l.add(
        "kms-region: "
            + target.region()
            + (target.endpoint() == null || s.kms().embedded()
                ? ""
                : " (endpoint " + target.endpoint() + ")"));
    l.add("kms: " + s.kms().describe());
    l.add("algorithm: " + st.algorithm + " (wrapping key " + s.wrapping().keySpec() + ")");
    l.add("expiration: " + s.expiration().describe());
    return l;
  }
}
