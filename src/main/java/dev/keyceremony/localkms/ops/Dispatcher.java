package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes {@code TrentService.<Operation>} to its handler. Each operation runs under the store lock
 * and its changes are persisted before it returns, so a response is only ever sent for a durable
 * change.
 */
public final class Dispatcher {
  private final Map<String, Operation> operations = new TreeMap<>();
  private final KmsContext ctx;

  public Dispatcher(KmsContext ctx) {
    this.ctx = ctx;
    KeyLifecycle life = new KeyLifecycle(ctx);
    Aliases aliases = new Aliases(ctx);
    EncryptionOps enc = new EncryptionOps(ctx);
    MacAndSignOps mac = new MacAndSignOps(ctx);
    Tagging tagging = new Tagging(ctx);
    Rotation rotation = new Rotation(ctx);
    KeyPolicies policies = new KeyPolicies(ctx);
    operations.put("CreateKey", new CreateKey(ctx));
    operations.put("DescribeKey", life::describeKey);
    operations.put("ListKeys", life::listKeys);
    operations.put("EnableKey", life::enableKey);
    operations.put("DisableKey", life::disableKey);
    operations.put("ScheduleKeyDeletion", life::scheduleKeyDeletion);
    operations.put("CancelKeyDeletion", life::cancelKeyDeletion);
    operations.put("ReplicateKey", new ReplicateKey(ctx));
    operations.put("CreateAlias", aliases::createAlias);
    operations.put("DeleteAlias", aliases::deleteAlias);
    operations.put("ListAliases", aliases::listAliases);
    operations.put("GetParametersForImport", new GetParametersForImport(ctx));
    operations.put("ImportKeyMaterial", new ImportKeyMaterial(ctx));
    operations.put("DeleteImportedKeyMaterial", life::deleteImportedKeyMaterial);
    operations.put("Encrypt", enc::encrypt);
    operations.put("Decrypt", enc::decrypt);
    operations.put("GenerateDataKey", enc::generateDataKey);
    operations.put("GenerateMac", mac::generateMac);
    operations.put("VerifyMac", mac::verifyMac);
    operations.put("Sign", mac::sign);
    operations.put("Verify", mac::verify);
    operations.put("GetPublicKey", mac::getPublicKey);
    operations.put("TagResource", tagging::tagResource);
    operations.put("UntagResource", tagging::untagResource);
    operations.put("ListResourceTags", tagging::listResourceTags);
    operations.put("RotateKeyOnDemand", rotation::rotateKeyOnDemand);
    operations.put("ListKeyRotations", rotation::listKeyRotations);
    operations.put("EnableKeyRotation", rotation::enableKeyRotation);
    operations.put("DisableKeyRotation", rotation::disableKeyRotation);
    operations.put("GetKeyRotationStatus", rotation::getKeyRotationStatus);
    operations.put("GetKeyPolicy", policies::getKeyPolicy);
    operations.put("PutKeyPolicy", policies::putKeyPolicy);
    operations.put("ListKeyPolicies", policies::listKeyPolicies);
  }

  public boolean knows(String operation) {
    return operations.containsKey(operation);
  }

  public ObjectNode dispatch(String operation, Caller caller, JsonRequest request) {
    Operation op = operations.get(operation);
    if (op == null) {
      throw new KmsError("UnknownOperationException", "");
    }
    if (op.selfLocking()) {
      return op.handle(caller, request);
    }
    synchronized (ctx.store()) {
      try {
        return op.handle(caller, request);
      } finally {
        // Also persists expiries noticed during a failed request; never loses a change.
        ctx.store().commitIfDirty();
      }
    }
  }
}
