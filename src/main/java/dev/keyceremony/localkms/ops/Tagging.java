package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * TagResource, UntagResource and ListResourceTags, and the tag rules CreateKey and ReplicateKey
 * share: TagKey 1-128 and TagValue 0-256 characters (ValidationException), no duplicate keys in one
 * request and no {@code aws:} prefix (TagException), at most {@value #MAX_TAGS} tags per key
 * (LimitExceededException). Tagging an existing key overwrites its value in place.
 */
final class Tagging {
  static final int MAX_TAGS = 50;
  private final KmsContext ctx;

  Tagging(KmsContext ctx) {
    this.ctx = ctx;
  }

  ObjectNode tagResource(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    if (!r.has("Tags")) {
      r.fail("Value null at 'tags' failed to satisfy constraint: Member must not be null");
    }
    List<Map<String, String>> tags = parse(r);
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, false);
    KeyRules.requireNotPendingDeletion(k);
    List<Map<String, String>> merged = merge(k.tags, tags);
    if (merged.size() > MAX_TAGS) {
      throw new KmsError(
          "LimitExceededException",
          "A KMS key can have at most "
              + MAX_TAGS
              + " tags; "
              + k.arn
              + " has "
              + k.tags.size()
              + " and this request would make it "
              + merged.size()
              + ". Remove tags with UntagResource first.");
    }
    k.tags = merged;
    ctx.store().markDirty();
    return Json.object();
  }

  ObjectNode untagResource(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    if (!r.has("TagKeys")) {
      r.fail("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    }
    List<String> keys = new ArrayList<>();
    for (JsonNode n : r.list("TagKeys")) {
      if (!n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > 128) {
        r.fail(
            "Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint:"
                + " [Member must have length less than or equal to 128, Member must have length"
                + " greater than or equal to 1]");
        break;
      }
      keys.add(n.textValue());
    }
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, false);
    KeyRules.requireNotPendingDeletion(k);
    for (String key : keys) {
      if (reserved(key)) {
        throw new KmsError("TagException", "Tag keys beginning with 'aws:' are reserved: " + key);
      }
    }
    // Keys the key does not have are ignored, as in AWS.
    if (k.tags.removeIf(t -> keys.contains(t.get("TagKey")))) {
      ctx.store().markDirty();
    }
    return Json.object();
  }

  ObjectNode listResourceTags(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    Integer limit = r.integer("Limit", false, 1, 50);
    String marker = r.string("Marker", false, 1, 1024);
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, false);
    List<Map<String, String>> tags = k.tags;
    int start = Paging.start(marker, tags.size());
    int end = Math.min(tags.size(), start + (limit == null ? 50 : limit));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Tags");
    for (Map<String, String> t : tags.subList(start, end)) {
      list.addObject().put("TagKey", t.get("TagKey")).put("TagValue", t.get("TagValue"));
    }
    Paging.finish(out, end, tags.size());
    return out;
  }

  /** The Tags member of TagResource, CreateKey and ReplicateKey, checked as AWS does. */
  static List<Map<String, String>> parse(JsonRequest r) {
    List<Map<String, String>> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode t : r.list("Tags")) {
      JsonNode key = t.get("TagKey");
      JsonNode value = t.get("TagValue");
      if (key == null || !key.isTextual() || value == null || !value.isTextual()) {
        r.fail(
            "Value at 'tags' failed to satisfy constraint: Member must be a list of"
                + " {TagKey, TagValue} strings");
        return out;
      }
      String kv = key.textValue();
      if (kv.isEmpty() || kv.length() > 128 || value.textValue().length() > 256) {
        r.fail(
            "Value at 'tags' failed to satisfy constraint: TagKey must have length 1-128 and"
                + " TagValue length 0-256");
        return out;
      }
      if (reserved(kv)) {
        throw new KmsError("TagException", "Tag keys beginning with 'aws:' are reserved: " + kv);
      }
      if (!seen.add(kv)) {
        throw new KmsError("TagException", "Duplicate tag keys: " + kv);
      }
      Map<String, String> m = new LinkedHashMap<>();
      m.put("TagKey", kv);
      m.put("TagValue", value.textValue());
      out.add(m);
    }
    if (out.size() > MAX_TAGS) {
      throw new KmsError(
          "LimitExceededException",
          "A KMS key can have at most " + MAX_TAGS + " tags; the request has " + out.size() + ".");
    }
    return out;
  }

  private static boolean reserved(String key) {
    return key.toLowerCase(Locale.ROOT).startsWith("aws:");
  }

  /** Existing tags with new values overwritten in place, then new keys appended. */
  private static List<Map<String, String>> merge(
      List<Map<String, String>> existing, List<Map<String, String>> given) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> t : existing) {
      out.add(new LinkedHashMap<>(t));
    }
    for (Map<String, String> t : given) {
      Map<String, String> same = null;
      for (Map<String, String> o : out) {
        if (o.get("TagKey").equals(t.get("TagKey"))) {
          same = o;
          break;
        }
      }
      if (same != null) {
        same.put("TagValue", t.get("TagValue"));
      } else {
        out.add(new LinkedHashMap<>(t));
      }
    }
    return out;
  }
}
