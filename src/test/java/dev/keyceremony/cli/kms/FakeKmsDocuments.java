package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.KmsDocumentApi;
import dev.keyceremony.kms.MemberShape;
import dev.keyceremony.kms.Reply;
import java.util.ArrayList;
import java.util.List;

/** A ListKeys-only fake behind the document port: N keys, Limit/Marker paging, calls recorded. */
final class FakeKmsDocuments implements KmsDocumentApi {
  final List<ObjectNode> calls = new ArrayList<>();
  private final int keys;

  FakeKmsDocuments(int keys) {
    this.keys = keys;
  }

  @Override
  public Reply<ObjectNode> call(String operation, ObjectNode input) {
    calls.add(input.deepCopy());
    int limit = input.path("Limit").asInt(100);
    int from = input.has("Marker") ? Integer.parseInt(input.get("Marker").asText()) : 0;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode a = out.putArray("Keys");
    int to = Math.min(keys, from + limit);
    for (int i = from; i < to; i++) {
      a.addObject().put("KeyId", "k" + i).put("KeyArn", "arn:k" + i);
    }
    out.put("Truncated", to < keys);
    if (to < keys) {
      out.put("NextMarker", Integer.toString(to));
    }
    return new Reply<>(out, "req-" + calls.size());
  }

  @Override
  public List<MemberShape> inputShape(String operation) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<MemberShape> outputShape(String operation) {
    throw new UnsupportedOperationException();
  }
}
