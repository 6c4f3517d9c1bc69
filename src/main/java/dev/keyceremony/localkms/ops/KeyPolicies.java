package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyRecord;
import java.util.regex.Pattern;

/**
 * GetKeyPolicy, PutKeyPolicy and ListKeyPolicies. Policies are stored and returned exactly as given
 * (CreateKey and ReplicateKey too); they are never evaluated: every caller with valid credentials
 * may call every operation, whatever the policy says.
 */
final class KeyPolicies {
  static final String DEFAULT = "default";
  private static final Pattern NAME = Pattern.compile("^[\\w]+$");
  private final KmsContext ctx;

  KeyPolicies(KmsContext ctx) {
    this.ctx = ctx;
  }

  /** The policy a key has: the one given, or AWS's default key policy for the account. */
  static String of(KeyRecord k) {
    return k.policy != null ? k.policy : DefaultPolicy.forAccount(k.account);
  }

  /** The Policy member of CreateKey, ReplicateKey and PutKeyPolicy: a JSON document. */
  static String checked(String policy) {
    if (policy == null) {
      return null;
    }
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(policy);
    } catch (JsonProcessingException e) {
      doc = null;
    }
    if (doc == null || !doc.isObject()) {
      throw new KmsError(
          "MalformedPolicyDocumentException",
          "The key policy is not a JSON object. Give a policy document such as {\"Version\":"
              + "\"2012-10-17\",\"Statement\":[...]}.");
    }
    return policy;
  }

  ObjectNode getKeyPolicy(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    String name = policyName(r);
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, false);
    checkName(name);
    ObjectNode out = Json.object();
    out.put("Policy", of(k));
    out.put("PolicyName", DEFAULT);
    return out;
  }

  ObjectNode putKeyPolicy(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    String name = policyName(r);
    String policy = r.string("Policy", true, 1, 131072);
    r.bool("BypassPolicyLockoutSafetyCheck");
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, false);
    KeyRules.requireNotPendingDeletion(k);
    checkName(name);
    k.policy = checked(policy);
    ctx.store().markDirty();
    return Json.object();
  }

  ObjectNode listKeyPolicies(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    Integer limit = r.integer("Limit", false, 1, 1000);
    String marker = r.string("Marker", false, 1, 1024);
    r.done();
    ctx.store().find(c.account(), c.region(), keyId, false);
    int start = Paging.start(marker, 1);
    int end = Math.min(1, start + (limit == null ? 100 : limit));
    ObjectNode out = Json.object();
    var names = out.putArray("PolicyNames");
    if (start < end) {
      names.add(DEFAULT);
    }
    Paging.finish(out, end, 1);
    return out;
  }

  private static String policyName(JsonRequest r) {
    return r.string("PolicyName", false, 1, 128, NAME);
  }

  private static void checkName(String name) {
    if (name != null && !name.equals(DEFAULT)) {
      throw KmsError.notFound(
          "The key policy name " + name + " does not exist; the only valid name is default.");
    }
  }
}
