package dev.keyceremony.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks KMS and the HSM what became of each open intent (a side effect announced but without a known
 * result, because the process died or the answer was lost), through the handle the intent recorded.
 * Each answer becomes a {@code result} entry with {@code reconciled: true}.
 */
final class Reconciler {
  private final Kms kms;
  private final HsmSession hsm;

  Reconciler(Kms kms, HsmSession hsm) {
    this.kms = kms;
    this.hsm = hsm;
  }

  /** The result entry's data for one open intent: status {@code done} or {@code not-done}. */
  Map<String, Object> reconcile(CeremonyRecord.Intent i) {
    String region = i.handle().path("region").asText(null);
    if (region != null) {
      // A replica's side effect: asked in its own Region.
      try (Kms there = kms.inRegion(region)) {
        Map<String, Object> r = new Reconciler(there, hsm).reconcileHere(i);
        r.put("region", region);
        return r;
      }
    }
    return reconcileHere(i);
  }

  private Map<String, Object> reconcileHere(CeremonyRecord.Intent i) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("intent", i.seq());
    r.put("action", i.action());
    r.put("reconciled", true);
    JsonNode h = i.handle();
    switch (i.action()) {
      case "kms:CreateKey" -> {
        String tag = h.path("tag").path("key").asText();
        String value = h.path("tag").path("value").asText();
        List<String> ids = kms.findKeyIdsByTag(tag, value).value();
        if (ids.isEmpty()) {
          notDone(r, "no KMS key carries tag " + tag + "=" + value + ": CreateKey did not happen");
        } else {
          KeyInfo k = kms.describeKey(ids.get(0)).value();
          done(
              r,
              "key "
                  + k.keyId()
                  + " carries tag "
                  + tag
                  + "="
                  + value
                  + " (KeyState "
                  + k.keyState()
                  + ")"
                  + (ids.size() > 1 ? "; " + ids.size() + " keys carry it: " + ids : ""));
          r.put("keyId", k.keyId());
          r.put("keyArn", k.arn());
          r.put("keyState", k.keyState());
        }
      }
      case "kms:CreateAlias", "kms:DeleteAlias" -> {
        String alias = h.path("alias").asText();
        Optional<KeyInfo> target = describe(alias);
        boolean exists = target.isPresent();
        boolean create = i.action().equals("kms:CreateAlias");
        String where = exists ? "points at key " + target.get().keyId() : "does not exist";
        if (create && exists && target.get().keyId().equals(h.path("keyId").asText())) {
          done(r, "alias " + alias + " " + where);
        } else if (!create && !exists) {
          done(r, "alias " + alias + " " + where);
        } else {
          notDone(r, "alias " + alias + " " + where);
        }
      }
      case "kms:GetParametersForImport" -> {
        r.put("status", "superseded");
        r.put(
            "found",
            "import parameters are not reused after a restart: new ones are fetched"
                + " and the witnesses confirm the new wrapping key");
      }
      case "hsm:generate", "hsm:destroy" -> {
        String label = h.path("label").asText();
        KeySpec spec = KeySpec.parse(h.path("keySpec").asText());
        Optional<TargetKey> t = hsm.findTarget(label, spec);
        boolean generate = i.action().equals("hsm:generate");
        if (generate && t.isPresent()) {
          done(r, "token object '" + label + "' exists (CKA_ID " + t.get().idHex() + ")");
          r.put("label", t.get().label());
          r.put("id", t.get().idHex());
        } else if (!generate && t.isEmpty()) {
          done(r, "token object '" + label + "' is gone");
        } else {
          notDone(r, "token object '" + label + "' " + (t.isPresent() ? "exists" : "is absent"));
        }
      }
      case "kms:RotateKeyOnDemand" -> RotationReconciler.rotation(kms, h, r);
      case "kms:ReplicateKey" -> {
        String keyId = h.path("keyId").asText();
        try {
          KeyInfo k = kms.describeKey(keyId).value();
          done(r, "DescribeKey " + keyId + ": the replica exists (KeyState " + k.keyState() + ")");
        } catch (KmsException e) {
          if (!"NotFoundException".equals(e.errorCode())) {
            throw e;
          }
          notDone(r, "DescribeKey " + keyId + ": no replica");
        }
      }
      case "kms:ImportKeyMaterial", "kms:ScheduleKeyDeletion" -> {
        if ("NEW_KEY_MATERIAL".equals(h.path("importType").asText(null))) {
          RotationReconciler.newMaterial(kms, h, r);
          return r;
        }
        String keyId = h.path("keyId").asText();
        KeyInfo k = kms.describeKey(keyId).value();
        String expected =
            i.action().equals("kms:ImportKeyMaterial") ? "Enabled" : "PendingDeletion";
        String found =
            "DescribeKey "
                + keyId
                + ": KeyState "
                + k.keyState()
                + (k.currentKeyMaterialId() == null
                    ? ""
                    : ", CurrentKeyMaterialId " + k.currentKeyMaterialId());
        if (expected.equals(k.keyState())) {
          done(r, found);
          r.put("keyArn", k.arn());
          if (k.currentKeyMaterialId() != null) {
            r.put("keyMaterialId", k.currentKeyMaterialId());
          }
        } else {
          notDone(r, found);
        }
      }
      default -> notDone(r, "unknown action: nothing to ask");
    }
    return r;
  }

  private Optional<KeyInfo> describe(String alias) {
    try {
      return Optional.of(kms.describeKey(alias).value());
    } catch (KmsException e) {
      if ("NotFoundException".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static void done(Map<String, Object> r, String found) {
    r.put("status", "done");
    r.put("found", found);
  }

  private static void notDone(Map<String, Object> r, String found) {
    r.put("status", "not-done");
    r.put("found", found);
  }
}
