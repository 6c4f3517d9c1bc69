package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.kms.KeyMaterialInfo;
import dev.keyceremony.kms.Kms;
import java.util.List;
import java.util.Map;

/**
 * The open intents of a rotation, reconciled through ListKeyRotations: the key stays Enabled
 * whether or not new material arrived or became current, so its state says nothing.
 */
final class RotationReconciler {
  private RotationReconciler() {}

  /**
   * An ImportKeyMaterial with NEW_KEY_MATERIAL: done when a material not there before is listed.
   */
  static void newMaterial(Kms kms, JsonNode h, Map<String, Object> r) {
    String keyId = h.path("keyId").asText();
    String previous = h.path("previousKeyMaterialId").asText(null);
    List<KeyMaterialInfo> ms = kms.listKeyMaterials(keyId).value();
    for (KeyMaterialInfo m : ms) {
      boolean staged =
          !"CURRENT".equals(m.keyMaterialState()) && !"NON_CURRENT".equals(m.keyMaterialState());
      boolean rotatedIn =
          "CURRENT".equals(m.keyMaterialState())
              && previous != null
              && !previous.equals(m.keyMaterialId());
      if (staged || rotatedIn) {
        r.put("status", "done");
        r.put(
            "found",
            "ListKeyRotations "
                + keyId
                + ": material "
                + m.keyMaterialId()
                + " is "
                + m.keyMaterialState());
        r.put("keyMaterialId", m.keyMaterialId());
        return;
      }
    }
    r.put("status", "not-done");
    r.put(
        "found",
        "ListKeyRotations "
            + keyId
            + ": no material besides "
            + ms.stream().map(KeyMaterialInfo::keyMaterialId).toList());
  }

  /** A RotateKeyOnDemand: done when the material it was for is CURRENT. */
  static void rotation(Kms kms, JsonNode h, Map<String, Object> r) {
    String keyId = h.path("keyId").asText();
    String id = h.path("keyMaterialId").asText();
    String state =
        kms.listKeyMaterials(keyId).value().stream()
            .filter(m -> id.equals(m.keyMaterialId()))
            .map(KeyMaterialInfo::keyMaterialState)
            .findFirst()
            .orElse("not listed");
    r.put("status", "CURRENT".equals(state) ? "done" : "not-done");
    r.put("found", "ListKeyRotations " + keyId + ": material " + id + " is " + state);
  }
}
