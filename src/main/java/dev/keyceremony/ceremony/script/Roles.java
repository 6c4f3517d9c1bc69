package dev.keyceremony.ceremony.script;

import java.util.List;
import java.util.Objects;

/** Who takes part: one operator, named custodians (of whom N must approve) and witnesses. */
public record Roles(
    String operator, List<String> custodians, List<String> witnesses, int approvalsRequired) {
  public Roles {
    Objects.requireNonNull(operator, "operator");
    custodians = List.copyOf(custodians);
    witnesses = List.copyOf(witnesses);
    if (approvalsRequired < 1 || approvalsRequired > custodians.size()) {
      throw new IllegalArgumentException(
          "approvals-required " + approvalsRequired + " must be 1.." + custodians.size());
    }
  }
}
