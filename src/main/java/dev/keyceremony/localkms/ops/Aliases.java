package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.AliasRecord;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyStore;
import java.util.List;
import java.util.regex.Pattern;

/** CreateAlias, DeleteAlias and ListAliases. */
final class Aliases {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9/_-]+$");
  private final KmsContext ctx;

  Aliases(KmsContext ctx) {
    this.ctx = ctx;
  }

  ObjectNode createAlias(Caller c, JsonRequest r) {
    String name = r.string("AliasName", true, 1, 256, NAME);
    String target = r.string("TargetKeyId", true, 1, 2048);
    r.done();
    checkName(name);
    KeyRecord k = ctx.store().find(c.account(), c.region(), target, false);
    KeyRules.requireNotPendingDeletion(k);
    if (ctx.store().alias(c.account(), c.region(), name) != null) {
      throw new KmsError(
          "AlreadyExistsException",
          "An alias with the name "
              + KeyStore.aliasArn(c.region(), c.account(), name)
              + " already exists");
    }
    ctx.store()
        .putAlias(
            new AliasRecord(c.account(), c.region(), name, k.keyId, ctx.now().toEpochMilli()));
    return Json.object();
  }

  ObjectNode deleteAlias(Caller c, JsonRequest r) {
    String name = r.string("AliasName", true, 1, 256, NAME);
    r.done();
    checkName(name);
    AliasRecord a = ctx.store().alias(c.account(), c.region(), name);
    if (a == null) {
      throw KmsError.notFound(
          "Alias " + KeyStore.aliasArn(c.region(), c.account(), name) + " is not found.");
    }
    ctx.store().removeAlias(a);
    return Json.object();
  }

  ObjectNode listAliases(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", false, 1, 2048);
    Integer limit = r.integer("Limit", false, 1, 100);
    String marker = r.string("Marker", false, 1, 320);
    r.done();
    String targetId = null;
    if (keyId != null) {
      targetId = ctx.store().find(c.account(), c.region(), keyId, false).keyId;
    }
    final String filter = targetId;
    List<AliasRecord> all =
        ctx.store().aliases(c.account(), c.region()).stream()
            .filter(a -> filter == null || a.targetKeyId().equals(filter))
            .toList();
    int start = Paging.start(marker, all.size());
    int end = Math.min(all.size(), start + (limit == null ? 50 : limit));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Aliases");
    for (AliasRecord a : all.subList(start, end)) {
      ObjectNode e = list.addObject();
      e.put("AliasName", a.name());
      e.put("AliasArn", a.arn());
      e.put("TargetKeyId", a.targetKeyId());
      e.set("CreationDate", Json.time(a.creationDate()));
      e.set("LastUpdatedDate", Json.time(a.creationDate()));
    }
    Paging.finish(out, end, all.size());
    return out;
  }

  private static void checkName(String name) {
    if (!name.startsWith("alias/") || name.length() == "alias/".length()) {
      throw KmsError.validation(
          "Alias must start with the prefix \"alias/\" followed by a name, e.g. alias/my-key;"
              + " got '"
              + name
              + "'.");
    }
    if (name.startsWith("alias/aws/")) {
      throw new KmsError(
          "NotAuthorizedException",
          "Alias names that begin with alias/aws/ are reserved for AWS managed keys: '"
              + name
              + "'.");
    }
  }
}
