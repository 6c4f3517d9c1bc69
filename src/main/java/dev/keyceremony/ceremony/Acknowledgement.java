package dev.keyceremony.ceremony;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One participant's decision: who (role, name), what (approved, confirmed, ...), when and how. */
public record Acknowledgement(String role, String name, String decision, Instant time, String how) {
  public Acknowledgement {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(how, "how");
  }

  public boolean positive() {
    return decision.equals("approved") || decision.equals("confirmed");
  }

  Map<String, Object> toData() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("name", name);
    m.put("decision", decision);
    m.put("time", time.toString());
    m.put("how", how);
    return m;
  }
}
