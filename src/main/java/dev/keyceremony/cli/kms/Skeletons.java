package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.MemberShape;
import java.util.List;
import java.util.Map;

/**
 * --generate-cli-skeleton, after botocore's ArgumentGenerator: strings "" (enums their first
 * value), numbers 0, booleans true, timestamps "1970-01-01T00:00:00", blobs null, one-element
 * lists, maps as {"KeyName": value}; output skeletons use the member name for strings (for list
 * elements the list's name: the SDK model does not carry botocore's shape names).
 */
final class Skeletons {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Skeletons() {}

  static ObjectNode input(List<MemberShape> shape, Map<String, String> enumDefaults) {
    return struct(shape, enumDefaults, false);
  }

  static ObjectNode output(List<MemberShape> shape) {
    return struct(shape, Map.of(), true);
  }

  private static ObjectNode struct(
      List<MemberShape> members, Map<String, String> enums, boolean names) {
    ObjectNode o = NODES.objectNode();
    for (MemberShape m : members) {
      o.set(m.name(), value(m, m.name(), enums, names));
    }
    return o;
  }

  private static JsonNode value(
      MemberShape m, String name, Map<String, String> enums, boolean names) {
    return switch (m.kind()) {
      case STRING -> NODES.textNode(names ? name : enums.getOrDefault(m.name(), ""));
      case INTEGER, LONG -> NODES.numberNode(0);
      case DOUBLE -> NODES.numberNode(0.0);
      case BOOLEAN -> NODES.booleanNode(true);
      case TIMESTAMP -> NODES.textNode("1970-01-01T00:00:00");
      case LIST -> NODES.arrayNode().add(value(m.element(), names ? name : "", enums, names));
      case MAP -> NODES.objectNode().set("KeyName", value(m.element(), "", enums, names));
      case STRUCTURE -> struct(m.members(), enums, names);
      default -> NODES.nullNode();
    };
  }
}
