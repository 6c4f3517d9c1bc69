package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.KeyRotate;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.KeyMaterialInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rotation's last step: RotateKeyOnDemand (an intent and a result around it) so that the new
 * material becomes current, then checks that it did (ListKeyRotations: new CURRENT, previous
 * NON_CURRENT; DescribeKey CurrentKeyMaterialId) and an Encrypt/Decrypt round trip under it. With
 * {@code rotate-now: false} it records that the material is pending and the command to rotate. A
 * resumed ceremony whose rotation already happened does not rotate again.
 */
final class RotateStep implements Step {
  @Override
  public String name() {
    return "rotate";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    KeyRotate r = ctx.script().key().rotate();
    String keyId = st.keyId();
    String fresh = st.imported.keyMaterialId();
    data.put("keyMaterialId", fresh);
    Records.putIf(data, "previousKeyMaterialId", st.previousKeyMaterialId);
    KeyMaterialInfo m =
        RotationChecks.material(ctx, keyId, fresh)
            .orElseThrow(
                () ->
                    new CeremonyFailure(
                        FailCause.ROTATION_UNEXPECTED,
                        "ListKeyRotations does not list the new"
                            + " material "
                            + fresh
                            + " of key "
                            + keyId,
                        "check the key in KMS"));
    if (!r.rotateNow()) {
      data.put("rotated", false);
      data.put("keyMaterialState", m.keyMaterialState());
      data.put(
          "next",
          "./ceremony kms rotate-key-on-demand --key-id "
              + keyId
              + " (makes "
              + fresh
              + " current)");
      return;
    }
    if ("CURRENT".equals(m.keyMaterialState())) {
      data.put("rotatedEarlier", true);
    } else {
      Map<String, Object> handle = new LinkedHashMap<>();
      handle.put("keyId", keyId);
      handle.put("keyMaterialId", fresh);
      handle.put(
          "check",
          "ListKeyRotations: material "
              + fresh
              + " is CURRENT after the"
              + " rotation, "
              + RotationChecks.PENDING
              + " when it did not happen");
      SideEffects.perform(
          ctx,
          name(),
          "kms:RotateKeyOnDemand",
          handle,
          () -> ctx.kms().rotateKeyOnDemand(keyId),
          v -> Map.of());
    }
    data.put("rotated", true);
    KeyInfo k = ctx.kms().describeKey(keyId).value();
    var after = ctx.kms().listKeyMaterials(keyId).value();
    data.put("materialsAfter", RotationChecks.materials(after));
    data.put("currentKeyMaterialId", k.currentKeyMaterialId());
    boolean freshCurrent =
        after.stream()
            .anyMatch(
                x -> fresh.equals(x.keyMaterialId()) && "CURRENT".equals(x.keyMaterialState()));
    boolean previousKept =
        st.previousKeyMaterialId == null
            || after.stream()
                .anyMatch(
                    x ->
                        st.previousKeyMaterialId.equals(x.keyMaterialId())
                            && "NON_CURRENT".equals(x.keyMaterialState()));
    if (!freshCurrent || !Objects.equals(fresh, k.currentKeyMaterialId()) || !previousKept) {
      throw new CeremonyFailure(
          FailCause.ROTATION_UNEXPECTED,
          "after RotateKeyOnDemand key "
              + keyId
              + " has CurrentKeyMaterialId "
              + k.currentKeyMaterialId()
              + " (expected "
              + fresh
              + ", previous "
              + st.previousKeyMaterialId
              + " NON_CURRENT)",
          "check the key in KMS");
    }
    byte[] challenge = new byte[32];
    ctx.random().nextBytes(challenge);
    byte[] ct = ctx.kms().encrypt(keyId, challenge).value();
    boolean roundTrip = Arrays.equals(challenge, ctx.kms().decrypt(keyId, ct).value());
    data.put("ciphertextSha256", Fingerprint.sha256Hex(ct));
    data.put("roundTrip", roundTrip);
    if (!roundTrip) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "KMS Decrypt did not return the challenge that"
              + " KMS Encrypt encrypted under the new current material",
          "do not use this key;" + " investigate the rotation");
    }
  }
}
