package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.KeyCreate;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.RetryingKms;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CreateKey with Origin EXTERNAL, tagged with the ceremony ID so that a key whose answer was lost
 * can be found again, then checks what KMS created; then the alias. A resumed ceremony that already
 * has its key only creates the alias, if that is still missing.
 */
final class CreateKeyStep implements Step {
  @Override
  public String name() {
    return "create-key";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    KeyCreate c = ctx.script().key().create();
    if (st.key == null) {
      Map<String, String> tags = new LinkedHashMap<>(c.tags());
      tags.put(RetryingKms.CEREMONY_TAG, ctx.control().ceremonyId());
      tags.put(HSM_LABEL_TAG, ctx.script().material().label());
      CreateKeySpec spec =
          new CreateKeySpec(c.spec().name(), c.usage(), c.description(), tags, c.multiRegion());
      KeyInfo k =
          SideEffects.perform(
              ctx,
              name(),
              "kms:CreateKey",
              Map.of(
                  "tag",
                  Map.of("key", RetryingKms.CEREMONY_TAG, "value", ctx.control().ceremonyId()),
                  "keySpec",
                  c.spec().name()),
              () -> ctx.kms().createKey(spec).value(),
              v -> Map.of("keyId", v.keyId(), "keyArn", v.arn(), "keyState", v.keyState()));
      st.key = k;
      st.keyCreatedHere = true;
      data.put("key", Records.key(k));
      data.put("tags", tags);
      // Verify the device result: a key that is not EXTERNAL or not PendingImport is not ours to
      // use.
      if (!"EXTERNAL".equals(k.origin())
          || !"PendingImport".equals(k.keyState())
          || !c.spec().name().equals(k.keySpec())) {
        throw new CeremonyFailure(
            FailCause.CREATE_KEY_UNEXPECTED,
            "CreateKey returned key "
                + k.keyId()
                + " with Origin "
                + k.origin()
                + ", KeyState "
                + k.keyState()
                + ", KeySpec "
                + k.keySpec()
                + "; expected EXTERNAL, PendingImport, "
                + c.spec(),
            "check the KMS endpoint; then undo with " + ctx.control().abandonCommand());
      }
    } else {
      data.put("key", Map.of("keyId", st.key.keyId(), "createdEarlier", true));
    }
    if (c.alias() != null && !st.aliasCreated) {
      String keyId = st.key.keyId();
      SideEffects.perform(
          ctx,
          name(),
          "kms:CreateAlias",
          Map.of("alias", c.alias(), "keyId", keyId),
          () -> ctx.kms().createAlias(c.alias(), keyId),
          v -> Map.of());
      st.aliasCreated = true;
      data.put("alias", c.alias());
    }
  }

  /** The tag that names the HSM object's label on the KMS key (the link back to the token). */
  static final String HSM_LABEL_TAG = "kms-key-ceremony:hsm-label";
}
