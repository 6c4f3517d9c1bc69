package dev.keyceremony.kms.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.keyceremony.kms.MemberShape;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.RequiredTrait;

/**
 * Converts between JSON trees with the API's member names and SDK model objects, driven by the
 * SDK's own {@link SdkField} metadata so that every member of every operation is covered.
 */
final class DocumentCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DocumentCodec() {}

  /** Fills {@code builder} (an SdkPojo builder) from {@code input}; unknown members are errors. */
  static void fill(SdkPojo builder, ObjectNode input, String path) {
    Map<String, SdkField<?>> byName = new LinkedHashMap<>();
    for (SdkField<?> f : builder.sdkFields()) {
      byName.put(f.locationName(), f);
    }
    for (Map.Entry<String, JsonNode> e : input.properties()) {
      SdkField<?> f = byName.get(e.getKey());
      if (f == null) {
        throw new IllegalArgumentException(
            "Unknown parameter in "
                + path
                + ": \""
                + e.getKey()
                + "\", must be one of: "
                + String.join(", ", byName.keySet()));
      }
      if (e.getValue() == null || e.getValue().isNull()) {
        continue;
      }
      f.set(builder, toJava(f, e.getValue(), path + "." + e.getKey()));
    }
  }

  static Object toJava(SdkField<?> f, JsonNode v, String path) {
    MarshallingType<?> t = f.marshallingType();
    if (t == MarshallingType.STRING) {
      return v.isTextual() ? v.textValue() : v.toString();
    }
    if (t == MarshallingType.INTEGER) {
      return (int) number(v, path).longValueExact();
    }
    if (t == MarshallingType.LONG) {
      return number(v, path).longValueExact();
    }
    if (t == MarshallingType.DOUBLE) {
      return number(v, path).doubleValue();
    }
    if (t == MarshallingType.BOOLEAN) {
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      throw new IllegalArgumentException(
          "Invalid type for parameter " + path + ", value: " + v + ", valid types: <class 'bool'>");
    }
    if (t == MarshallingType.INSTANT) {
      return instant(v, path);
    }
    if (t == MarshallingType.SDK_BYTES) {
      return SdkBytes.fromByteArray(bytes(v, path));
    }
    if (t == MarshallingType.LIST) {
      SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
      if (!v.isArray()) {
        throw new IllegalArgumentException(
            "Invalid type for parameter "
                + path
                + ", value: "
                + v
                + ", valid types: <class 'list'>, <class 'tuple'>");
      }
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (JsonNode n : v) {
        out.add(toJava(member, n, path + "[" + i++ + "]"));
      }
      return out;
    }
    if (t == MarshallingType.MAP) {
      SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        out.put(e.getKey(), toJava(value, e.getValue(), path + "." + e.getKey()));
      }
      return out;
    }
    if (t == MarshallingType.SDK_POJO) {
      if (!v.isObject()) {
        throw new IllegalArgumentException(
            "Invalid type for parameter "
                + path
                + ", value: "
                + v
                + ", valid types: <class 'dict'>");
      }
      SdkPojo b = f.constructor().get();
      fill(b, (ObjectNode) v, path);
      return build(b);
    }
    throw new IllegalArgumentException(
        "Parameter "
            + path
            + " has a type this tool cannot send: "
            + t.getTargetClass().getSimpleName());
  }

  private static Object build(SdkPojo builder) {
    if (builder instanceof software.amazon.awssdk.utils.builder.SdkBuilder<?, ?> sb) {
      return sb.build();
    }
    throw new IllegalStateException("not a builder: " + builder.getClass());
  }

  private static BigDecimal number(JsonNode v, String path) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    throw new IllegalArgumentException(
        "Invalid type for parameter " + path + ", value: " + v + ", valid types: <class 'int'>");
  }

  private static Instant instant(JsonNode v, String path) {
    if (v.isPojo() && ((POJONode) v).getPojo() instanceof Instant i) {
      return i;
    }
    if (v.isNumber()) {
      BigDecimal s = v.decimalValue();
      return Instant.ofEpochSecond(
          s.longValue(), s.subtract(new BigDecimal(s.longValue())).movePointRight(9).intValue());
    }
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Invalid timestamp for parameter "
              + path
              + ": "
              + v.asText()
              + " (give ISO 8601, e.g. 2026-01-31T12:00:00Z, or epoch seconds)",
          e);
    }
  }

  private static byte[] bytes(JsonNode v, String path) {
    if (v.isBinary()) {
      try {
        return v.binaryValue();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return Base64.getDecoder().decode(v.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid base64 for parameter " + path + ": " + e.getMessage(), e);
    }
  }

  /** The members of {@code pojo} that are set, as a JSON object (blobs binary, times POJO). */
  static ObjectNode toJson(SdkPojo pojo) {
    ObjectNode out = NODES.objectNode();
    for (SdkField<?> f : pojo.sdkFields()) {
      Object v = f.getValueOrDefault(pojo);
      if (v == null || isAutoConstruct(v)) {
        continue;
      }
      out.set(f.locationName(), toNode(f, v));
    }
    return out;
  }

  private static boolean isAutoConstruct(Object v) {
    return v instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>
        || v instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>;
  }

  static JsonNode toNode(SdkField<?> f, Object v) {
    MarshallingType<?> t = f.marshallingType();
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Instant i) {
      return NODES.pojoNode(i);
    }
    if (v instanceof SdkBytes b) {
      return NODES.binaryNode(b.asByteArray());
    }
    if (t == MarshallingType.LIST) {
      SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
      ArrayNode a = NODES.arrayNode();
      for (Object o : (List<?>) v) {
        a.add(toNode(member, o));
      }
      return a;
    }
    if (t == MarshallingType.MAP) {
      SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
      ObjectNode o = NODES.objectNode();
      ((Map<?, ?>) v).forEach((k, val) -> o.set(String.valueOf(k), toNode(value, val)));
      return o;
    }
    if (v instanceof SdkPojo p) {
      return toJson(p);
    }
    return NODES.textNode(String.valueOf(v));
  }

  /** The shape of the members of {@code pojo}, for option lists and skeletons. */
  static List<MemberShape> shape(List<SdkField<?>> fields) {
    List<MemberShape> out = new ArrayList<>();
    for (SdkField<?> f : fields) {
      out.add(shape(f, f.locationName()));
    }
    return out;
  }

  private static MemberShape shape(SdkField<?> f, String name) {
    MarshallingType<?> t = f.marshallingType();
    boolean required = f.containsTrait(RequiredTrait.class);
    if (t == MarshallingType.LIST) {
      SdkField<?> m = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
      return new MemberShape(name, MemberShape.Kind.LIST, required, shape(m, "member"), null);
    }
    if (t == MarshallingType.MAP) {
      SdkField<?> m = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
      return new MemberShape(name, MemberShape.Kind.MAP, required, shape(m, "value"), null);
    }
    if (t == MarshallingType.SDK_POJO) {
      return new MemberShape(
          name,
          MemberShape.Kind.STRUCTURE,
          required,
          null,
          shape(f.constructor().get().sdkFields()));
    }
    return new MemberShape(name, kind(t), required, null, null);
  }

  private static MemberShape.Kind kind(MarshallingType<?> t) {
    if (t == MarshallingType.STRING) {
      return MemberShape.Kind.STRING;
    } else if (t == MarshallingType.INTEGER) {
      return MemberShape.Kind.INTEGER;
    } else if (t == MarshallingType.LONG) {
      return MemberShape.Kind.LONG;
    } else if (t == MarshallingType.DOUBLE) {
      return MemberShape.Kind.DOUBLE;
    } else if (t == MarshallingType.BOOLEAN) {
      return MemberShape.Kind.BOOLEAN;
    } else if (t == MarshallingType.INSTANT) {
      return MemberShape.Kind.TIMESTAMP;
    } else if (t == MarshallingType.SDK_BYTES) {
      return MemberShape.Kind.BLOB;
    }
    return MemberShape.Kind.OTHER;
  }
}
