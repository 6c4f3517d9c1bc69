package dev.keyceremony.ceremony;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One participant's decision: who (role, name), what (approved, confirmed, declined, absent, not
 * asked, ...), when and how; for a signed decision the {@code evidence} (the armored SSHSIG
 * signature, the key and how it verified). A positive decision without evidence is unauthenticated:
 * a name typed at the keyboard or pre-recorded.
 */
public record Acknowledgement(
    String role,
    String name,
    String decision,
    Instant time,
    String how,
    Map<String, Object> evidence) {
  public Acknowledgement {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(how, "how");
    evidence = Map.copyOf(evidence);
  }

  public Acknowledgement(String role, String name, String decision, Instant time, String how) {
    this(role, name, decision, time, how, Map.of());
  }

  public boolean positive() {
    return decision.equals("approved") || decision.equals("confirmed");
  }

  public boolean signed() {
    return !evidence.isEmpty();
  }

  Map<String, Object> toData() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("name", name);
    m.put("decision", decision);
    m.put("time", time.toString());
    m.put("how", how);
    if (positive()) {
      m.put("authentication", signed() ? "ssh-signature" : "unauthenticated");
    }
    if (signed()) {
      m.put("evidence", new LinkedHashMap<>(new java.util.TreeMap<>(evidence)));
    }
    return m;
  }
}
