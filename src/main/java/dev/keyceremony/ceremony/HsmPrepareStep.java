package dev.keyceremony.ceremony;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.SecurityAttributes;
import java.util.Map;

/**
 * Imports the KMS wrapping public key into the token (as a CKA_TRUSTED object made by the SO in
 * trusted mode), checks the token holds the key the witnesses confirmed, and generates the key
 * material (or uses the existing object for a reimport).
 */
final class HsmPrepareStep implements Step {
  @Override
  public String name() {
    return "hsm-prepare";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    byte[] spki = st.parameters.publicKeySpki();
    var hsm = ctx.script().hsm();
    if (st.wrappingKey != null) { // new parameters after the old ones expired
      ctx.hsm().destroy(st.wrappingKey);
      st.wrappingKey = null;
    }
    if (hsm.trusted()) {
      try (Secret so = ctx.pinReader().apply(hsm.soPin())) {
        st.wrappingKey = ctx.hsm().importTrustedWrappingKey(spki, so);
      }
    } else {
      st.wrappingKey = ctx.hsm().importWrappingKey(spki);
    }
    data.put(
        "wrappingKey",
        Map.of(
            "spkiSha256",
            st.wrappingKey.spkiSha256Hex(),
            "trusted",
            st.wrappingKey.trusted(),
            "sessionObject",
            true));
    if (!st.wrappingKey.spkiSha256Hex().equals(st.fingerprint.hex())) {
      throw new CeremonyFailure(
          FailCause.WRAPPING_KEY_MISMATCH,
          "the token holds a wrapping key with"
              + " SHA-256 "
              + st.wrappingKey.spkiSha256Hex()
              + ", not the confirmed "
              + st.fingerprint.hex(),
          "check the HSM adapter; nothing was wrapped");
    }
    if (st.target == null) {
      String label = ctx.script().material().label();
      GenerateRequest request = new GenerateRequest(st.keySpec, label, hsm.trusted());
      st.target =
          SideEffects.perform(
              ctx,
              name(),
              "hsm:generate",
              Map.of(
                  "label", label, "keySpec", st.keySpec.name(), "token", ctx.hsm().facts().label()),
              () -> ctx.hsm().generate(request),
              v -> Map.of("label", v.label(), "id", v.idHex()));
      st.materialGeneratedHere = true;
      data.put(
          "material",
          Map.of(
              "generated",
              true,
              "label",
              st.target.label(),
              "id",
              st.target.idHex(),
              "keySpec",
              st.keySpec.name()));
    } else {
      data.put(
          "material",
          Map.of(
              "generated",
              false,
              "label",
              st.target.label(),
              "id",
              st.target.idHex(),
              "keySpec",
              st.keySpec.name(),
              "generatedEarlierByThisCeremony",
              st.materialGeneratedHere));
    }
    SecurityAttributes a = ctx.hsm().securityAttributes(st.target);
    data.put("attributes", Records.attributes(a));
    // Verify the device result: material that the token would reveal in clear must not be used.
    if (!Boolean.TRUE.equals(a.sensitive())) {
      throw new CeremonyFailure(
          FailCause.NOT_SENSITIVE,
          "HSM object '"
              + st.target.label()
              + "' is not CKA_SENSITIVE (reported "
              + a.sensitive()
              + ")",
          "generate new material; a non-sensitive key may have left the token in clear");
    }
  }
}
