package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The custodians approve the plan; at least roles.approvals-required must approve. */
final class ApprovalStep implements Step {
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
    List<Acknowledgement> answers = ctx.participants().approvals(roles, plan);
    List<Object> recorded = new ArrayList<>();
    long approved = 0;
    for (Acknowledgement a : answers) {
      recorded.add(a.toData());
      if (a.positive() && roles.custodians().contains(a.name())) {
        approved++;
      }
    }
    data.put("mode", ctx.participants().mode());
    data.put("required", roles.approvalsRequired());
    data.put("approved", approved);
    data.put("acknowledgements", recorded);
    if (approved < roles.approvalsRequired()) {
      throw new CeremonyFailure("NOT_APPROVED", approved + " of the "
          + roles.approvalsRequired() + " custodian approvals required were given",
          "nothing was changed; hold the ceremony again when enough custodians approve");
    }
  }
}
