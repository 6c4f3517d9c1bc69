package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.crypto.ImportToken;
import dev.keyceremony.localkms.model.KeyRecord;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

/**
 * GetParametersForImport: a fresh RSA wrapping key pair and a self-contained import token bound to
 * the KMS key, algorithm and wrapping spec, valid 24 hours. The key lookup runs under the store
 * lock; the (possibly slow) key-pair generation does not.
 */
final class GetParametersForImport implements Operation {
  static final Duration VALIDITY = Duration.ofHours(24);
  private final KmsContext ctx;

  GetParametersForImport(KmsContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public boolean selfLocking() {
    return true;
  }

  @Override
  public ObjectNode handle(Caller caller, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    String algorithm = r.enumValue("WrappingAlgorithm", true, ImportRules.ALGORITHMS);
    String wrappingSpec = r.enumValue("WrappingKeySpec", true, ImportRules.WRAPPING_SPECS);
    r.done();
    String arn;
    String id;
    synchronized (ctx.store()) {
      try {
        KeyRecord k = ctx.store().find(caller.account(), caller.region(), keyId, false);
        KeyRules.requireExternal(k);
        KeyRules.requireNotPendingDeletion(k);
        ImportRules.check(k, caller.region(), algorithm, wrappingSpec);
        arn = k.arn;
        id = k.keyId;
      } finally {
        ctx.store().commitIfDirty();
      }
    }
    KeyPair kp = ctx.pool().take(wrappingSpec);
    Instant issued = ctx.now();
    Instant validTo = issued.plus(VALIDITY);
    ImportToken token =
        new ImportToken(
            caller.account(),
            caller.region(),
            id,
            algorithm,
            wrappingSpec,
            issued,
            validTo,
            kp.getPrivate().getEncoded());
    ObjectNode out = Json.object();
    out.put("KeyId", arn);
    out.put("ImportToken", Json.b64(token.seal(ctx.tokenKey())));
    out.put("PublicKey", Json.b64(kp.getPublic().getEncoded()));
    out.set("ParametersValidTo", Json.time(validTo));
    return out;
  }
}
