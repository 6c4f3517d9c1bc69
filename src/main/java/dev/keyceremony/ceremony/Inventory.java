package dev.keyceremony.ceremony;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What exists now because of this ceremony (as far as it knows without asking KMS again): the KMS
 * key and its state, the alias, the HSM object, the imported material. Written into failure and
 * interruption entries so that a custodian reading them knows what is left behind.
 */
final class Inventory {
  private Inventory() {}

  static List<Map<String, Object>> of(CeremonyContext ctx, CeremonyState st) {
    List<Map<String, Object>> l = new ArrayList<>();
    if (st.key != null) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("what", "kms-key");
      k.put("keyId", st.key.keyId());
      k.put("arn", st.key.arn());
      k.put("createdByThisCeremony", st.keyCreatedHere);
      k.put(
          "state",
          st.imported != null
              ? "Enabled (material imported)"
              : "PendingImport (no material imported by this ceremony)");
      Records.putIf(k, "keyMaterialId", st.imported == null ? null : st.imported.keyMaterialId());
      l.add(k);
    }
    if (st.aliasCreated) {
      l.add(Map.of("what", "alias", "name", ctx.script().key().create().alias()));
    }
    if (st.target != null) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("what", "hsm-object");
      h.put("label", st.target.label());
      h.put("id", st.target.idHex());
      h.put("keySpec", st.target.keySpec().name());
      h.put("generatedByThisCeremony", st.materialGeneratedHere);
      l.add(h);
    }
    return l;
  }
}
