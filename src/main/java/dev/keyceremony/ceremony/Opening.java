package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import java.util.LinkedHashMap;
import java.util.Map;

/** The first transcript entry: tool and environment, the script's choices, participants. */
final class Opening {
  private Opening() {}

  static Map<String, Object> data(CeremonyContext ctx) {
    Map<String, Object> d = data(ctx.script(), ctx.environment(), ctx.participants().mode());
    // Issue 11: who is in the room, as the roll call found it (EOF at a prompt: absent).
    Map<String, String> rollCall = ctx.participants().rollCall(ctx.script().roles());
    d.put(
        "rollCall",
        rollCall.isEmpty()
            ? "not taken (" + ctx.participants().mode() + ")"
            : new LinkedHashMap<>(rollCall));
    return d;
  }

  static Map<String, Object> data(
      CeremonyScript s, Map<String, Object> environment, String participantsMode) {
    Map<String, Object> d = new LinkedHashMap<>(new java.util.TreeMap<>(environment));
    d.put("name", s.name());
    d.put("purpose", s.purpose());
    Map<String, Object> roles = new LinkedHashMap<>();
    roles.put("operator", s.roles().operator());
    roles.put("custodians", s.roles().custodians().stream().map(s.roles()::describe).toList());
    roles.put("witnesses", s.roles().witnesses().stream().map(s.roles()::describe).toList());
    roles.put("approvalsRequired", s.roles().approvalsRequired());
    roles.put("acknowledgements", participantsMode);
    d.put("roles", roles);
    Map<String, Object> hsm = new LinkedHashMap<>();
    hsm.put("module", s.hsm().module().toString());
    hsm.put("token", s.hsm().token());
    Records.putIf(hsm, "initArgs", s.hsm().initArgs());
    hsm.put("userPinSource", s.hsm().userPin().kind().name().toLowerCase(java.util.Locale.ROOT));
    hsm.put("trustedMode", s.hsm().trusted());
    d.put("hsm", hsm);
    d.put("kms", s.kms().describe());
    Map<String, Object> key = new LinkedHashMap<>();
    if (s.key().creates()) {
      key.put("create", s.key().create().spec().name());
      key.put("usage", s.key().create().usage());
      Records.putIf(key, "alias", s.key().create().alias());
      Records.putIf(key, "description", s.key().create().description());
      key.put("tags", s.key().create().tags());
      key.put("multiRegion", s.key().create().multiRegion());
    } else {
      key.put("existing", s.key().existing());
      if (s.key().rotates()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rotateNow", s.key().rotate().rotateNow());
        Records.putIf(r, "materialDescription", s.key().rotate().materialDescription());
        Records.putIf(
            r,
            "previousBundle",
            s.key().rotate().previousBundle() == null
                ? null
                : s.key().rotate().previousBundle().toString());
        key.put("rotate", r);
      }
    }
    if (s.key().replicates()) {
      key.put("replicaRegions", s.key().replicaRegions());
    }
    d.put("key", key);
    Map<String, Object> material = new LinkedHashMap<>();
    material.put(s.material().generate() ? "generate" : "existing", s.material().label());
    Records.putIf(material, "id", s.material().idHex());
    Records.putIf(material, "keyMaterialId", s.material().keyMaterialId());
    d.put("material", material);
    d.put(
        "wrapping",
        Map.of(
            "algorithm", s.wrapping().algorithmText(), "keySpec", s.wrapping().keySpec().name()));
    d.put("expiration", s.expiration().describe());
    d.put("signerLabel", s.transcript().signer());
    return d;
  }
}
