package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.ExpirationSection;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.KmsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Wraps the material inside the token, then ImportKeyMaterial with the requested expiration. */
final class WrapImportStep implements Step {
  @Override
  public String name() {
    return "wrap-import";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    WrapResult w = ctx.hsm().wrap(st.target, st.wrappingKey, st.algorithm);
    byte[] ct = w.ciphertext();
    data.put("algorithm", w.algorithm().name());
    data.put("mechanism", w.mechanism());
    data.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    data.put("wrappedMaterialLength", ct.length);
    data.put("wrapWarnings", w.warnings());
    // Verify the device result: OAEP output is exactly one modulus; the hybrid adds KWP blocks.
    WrapCheck.verify(
        w, st.algorithm, st.keySpec, ctx.script().wrapping().keySpec(), "nothing was imported");
    ExpirationSection e = ctx.script().expiration();
    Instant now = ctx.clock().instant();
    st.validTo = e.validToAt(now);
    if (st.validTo != null
        && (!st.validTo.isAfter(now) || st.validTo.isAfter(now.plus(Duration.ofDays(365))))) {
      throw new CeremonyFailure(
          FailCause.VALID_TO,
          "expiration: ValidTo "
              + st.validTo
              + " is no longer"
              + " in the future and within 365 days",
          "set a new expiration.valid-to");
    }
    data.put("expirationModel", e.model());
    data.put("validTo", st.validTo == null ? "none" : st.validTo.toString());
    if (st.parameters.parametersValidTo() != null
        && !now.isBefore(st.parameters.parametersValidTo())) {
      throw new ParametersExpired(
          "the import parameters expired at "
              + st.parameters.parametersValidTo()
              + " before the import (now "
              + now
              + ")");
    }
    String keyId = st.keyId();
    // A reimport that names the material's KeyMaterialId sends it with EXISTING_KEY_MATERIAL
    // (symmetric keys only), so that KMS itself refuses anything but that same material.
    String sameMaterialId =
        st.keySpec.kind() == dev.keyceremony.core.KeySpec.MaterialKind.SYMMETRIC
            ? ctx.script().material().keyMaterialId()
            : null;
    boolean rotation = ctx.script().key().rotates();
    ImportMaterialRequest request =
        new ImportMaterialRequest(
            keyId,
            st.parameters.importToken(),
            ct,
            e.model(),
            st.validTo,
            rotation ? RotationChecks.NEW : sameMaterialId == null ? null : "EXISTING_KEY_MATERIAL",
            rotation ? ctx.script().key().rotate().materialDescription() : null,
            sameMaterialId);
    Records.putIf(data, "importType", request.importType());
    Map<String, Object> handle = new java.util.LinkedHashMap<>();
    handle.put("keyId", keyId);
    handle.put("wrappedMaterialSha256", Fingerprint.sha256Hex(ct));
    handle.put("importTokenSha256", Fingerprint.sha256Hex(st.parameters.importToken()));
    handle.put("hsmObject", Map.of("label", st.target.label(), "id", st.target.idHex()));
    handle.put("expirationModel", e.model());
    handle.put("validTo", st.validTo == null ? "none" : st.validTo.toString());
    if (rotation) {
      // The key stays Enabled whether or not new material arrived: the check is the listing.
      handle.put("importType", RotationChecks.NEW);
      Records.putIf(handle, "previousKeyMaterialId", st.previousKeyMaterialId);
      handle.put(
          "check",
          "ListKeyRotations: a material other than the previous ones, "
              + RotationChecks.PENDING
              + ", after the import; none when it did not happen");
    } else {
      handle.put(
          "check",
          "DescribeKey: KeyState Enabled (and CurrentKeyMaterialId) after the"
              + " import; PendingImport when it did not happen");
    }
    try {
      ImportOutcome o =
          SideEffects.perform(
              ctx,
              name(),
              "kms:ImportKeyMaterial",
              handle,
              () -> ctx.kms().importKeyMaterial(request).value(),
              v -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("keyArn", v.keyArn());
                Records.putIf(m, "keyMaterialId", v.keyMaterialId());
                return m;
              });
      st.imported = o;
      data.put("keyArn", o.keyArn());
      Records.putIf(data, "keyMaterialId", o.keyMaterialId());
    } catch (KmsException ex) {
      if ("IncorrectKeyMaterialException".equals(ex.errorCode())) {
        throw CeremonyFailure.kmsRefused(
            ex,
            "KMS refused the material: HSM object '"
                + st.target.label()
                + "' is not the material first imported into key "
                + st.keyId()
                + " ("
                + ex.getMessage()
                + ")",
            "a reimport must use the original HSM object; name" + " it in material.existing");
      }
      if ("ExpiredImportTokenException".equals(ex.errorCode())) {
        throw new ParametersExpired(
            "KMS answered ExpiredImportTokenException (request ID "
                + ex.requestId()
                + "): the import token expired before the import");
      }
      throw ex;
    }
  }
}
