package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.KmsDocumentApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * The CLI's automatic pagination for ListKeys/ListAliases (botocore paginator: input token Marker,
 * output token NextMarker, more results Truncated, limit key Limit): --page-size sets Limit,
 * --max-items caps the items and yields a NextToken, --starting-token resumes from one.
 */
final class Paginator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Paginator() {}

  /** The pages as fetched (truncated to --max-items) and the NextToken, if any. */
  record Result(List<ObjectNode> pages, String nextToken) {
    /** botocore's build_full_result: all result items in one list, plus NextToken. */
    ObjectNode full(String resultKey) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ArrayNode all = o.putArray(resultKey);
      for (ObjectNode p : pages) {
        if (p.has(resultKey)) {
          p.get(resultKey).forEach(all::add);
        }
      }
      if (nextToken != null) {
        o.put("NextToken", nextToken);
      }
      return o;
    }
  }

  static Result run(
      KmsDocumentApi kms,
      String operation,
      String resultKey,
      ObjectNode input,
      Integer pageSize,
      Integer maxItems,
      String startingToken,
      Consumer<String> requestIds) {
    String marker = null;
    int skip = 0;
    if (startingToken != null) {
      JsonNode t = decode(startingToken);
      marker = t.path("Marker").isTextual() ? t.get("Marker").textValue() : null;
      skip = t.path("boto_truncate_amount").asInt(0);
    }
    List<ObjectNode> pages = new ArrayList<>();
    int collected = 0;
    while (true) {
      ObjectNode in = input.deepCopy();
      if (pageSize != null) {
        in.put("Limit", pageSize);
      }
      if (marker != null) {
        in.put("Marker", marker);
      }
      var reply = kms.call(operation, in);
      requestIds.accept(reply.requestId());
      ObjectNode page = reply.value();
      ArrayNode items =
          page.has(resultKey)
              ? (ArrayNode) page.get(resultKey)
              : JsonNodeFactory.instance.arrayNode();
      if (skip > 0) {
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        for (int i = skip; i < items.size(); i++) {
          rest.add(items.get(i));
        }
        items = rest;
      }
      int consumedBefore = skip;
      skip = 0;
      String next =
          page.path("Truncated").asBoolean(false) && page.path("NextMarker").isTextual()
              ? page.get("NextMarker").textValue()
              : null;
      ObjectNode kept = JsonNodeFactory.instance.objectNode();
      if (maxItems != null && collected + items.size() > maxItems) {
        int take = maxItems - collected;
        ArrayNode part = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < take; i++) {
          part.add(items.get(i));
        }
        kept.set(resultKey, part);
        pages.add(kept);
        return new Result(pages, token(marker, consumedBefore + take));
      }
      kept.set(resultKey, items);
      pages.add(kept);
      collected += items.size();
      if (next == null) {
        return new Result(pages, null);
      }
      marker = next;
      if (maxItems != null && collected >= maxItems) {
        return new Result(pages, token(marker, 0));
      }
    }
  }

  /** botocore's TokenEncoder: base64 of json.dumps({"Marker": ..., "boto_truncate_amount": n}). */
  static String token(String marker, int truncateAmount) {
    String m = marker == null ? "null" : JsonNodeFactory.instance.textNode(marker).toString();
    String json =
        truncateAmount > 0
            ? "{\"Marker\": " + m + ", \"boto_truncate_amount\": " + truncateAmount + "}"
            : "{\"Marker\": " + m + "}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode decode(String token) {
    try {
      return JSON.readTree(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw CliFailure.other(
          "Unable to decode pagination token: "
              + token
              + " (give the NextToken value that a previous call printed)");
    }
  }
}
