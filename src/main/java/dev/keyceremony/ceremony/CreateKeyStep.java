package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.KeyCreate;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.KeyInfo;
import java.util.Map;

/** CreateKey with Origin EXTERNAL (and the alias), then checks what KMS created. */
final class CreateKeyStep implements Step {
  @Override
  public String name() {
    return "create-key";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    KeyCreate c = ctx.script().key().create();
    KeyInfo k = ctx.kms().createKey(new CreateKeySpec(c.spec().name(), c.usage(),
        c.description(), c.tags(), c.multiRegion())).value();
    st.key = k;
    data.put("key", Records.key(k));
    // Verify the device result: a key that is not EXTERNAL or not PendingImport is not ours to use.
    if (!"EXTERNAL".equals(k.origin()) || !"PendingImport".equals(k.keyState())
        || !c.spec().name().equals(k.keySpec())) {
      throw new CeremonyFailure("CREATE_KEY_UNEXPECTED", "CreateKey returned key " + k.keyId()
          + " with Origin " + k.origin() + ", KeyState " + k.keyState() + ", KeySpec "
          + k.keySpec() + "; expected EXTERNAL, PendingImport, " + c.spec(),
          "check the KMS endpoint; schedule the key's deletion if it is not wanted");
    }
    if (c.alias() != null) {
      ctx.kms().createAlias(c.alias(), k.keyId());
      data.put("alias", c.alias());
    }
  }
}
