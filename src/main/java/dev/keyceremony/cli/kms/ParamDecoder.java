package dev.keyceremony.cli.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyceremony.kms.MemberShape;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns option values into the operation's input document as AWS CLI v2 does: paramfiles first
 * (file://, fileb://), then per the member's type: integers, timestamps, blobs (base64 unless
 * raw-in-base64-out; fileb:// always raw), lists (JSON or one value per element), structures (JSON
 * or shorthand). --cli-input-json/yaml give defaults that the command line overrides.
 */
final class ParamDecoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private final boolean rawBlobs;

  ParamDecoder(boolean rawInBase64Out) {
    this.rawBlobs = rawInBase64Out;
  }

  ObjectNode decode(ParsedLine line, List<MemberShape> shape) {
    ObjectNode input = NODES.objectNode();
    if (line.cliInputJson != null && line.cliInputYaml != null) {
      throw CliFailure.param("Cannot specify both --cli-input-json and --cli-input-yaml");
    }
    if (line.cliInputJson != null) {
      merge(input, readInput(line.cliInputJson, "--cli-input-json", JSON), shape);
    } else if (line.cliInputYaml != null) {
      merge(input, readInput(line.cliInputYaml, "--cli-input-yaml", YAML), shape);
    }
    // In the API's member order, as the CLI walks its argument table.
    for (MemberShape m : shape) {
      if (!line.params.containsKey(m.name())) {
        continue;
      }
      Map.Entry<String, Object> e = Map.entry(m.name(), line.params.get(m.name()));
      String cli = "--" + KebabNames.of(m.name());
      try {
        input.set(m.name(), fromCli(m, e.getValue(), cli));
      } catch (ValidationFailure ex) {
        throw validation(List.of(ex.getMessage()));
      } catch (ParamFiles.ParamFileException | IllegalArgumentException ex) {
        throw CliFailure.param("Error parsing parameter '" + cli + "': " + ex.getMessage());
      }
    }
    return input;
  }

  private ObjectNode readInput(String value, String option, ObjectMapper mapper) {
    String text;
    try {
      text =
          ParamFiles.load(value)
              .map(l -> l.text() != null ? l.text() : new String(l.bytes(), StandardCharsets.UTF_8))
              .orElse(value);
    } catch (ParamFiles.ParamFileException e) {
      throw CliFailure.param("Error parsing parameter '" + option + "': " + e.getMessage());
    }
    try {
      JsonNode n = mapper.readTree(text);
      if (n == null || !n.isObject()) {
        throw CliFailure.param(
            "Invalid "
                + (mapper == JSON ? "JSON" : "YAML")
                + " received: "
                + "the value of "
                + option
                + " must be an object of parameter names to values");
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw CliFailure.param(
          "Error parsing parameter '"
              + option
              + "': Invalid "
              + (mapper == JSON ? "JSON" : "YAML")
              + ": "
              + e.getOriginalMessage()
              + "\n"
              + (mapper == JSON ? "JSON" : "YAML")
              + " received: "
              + text);
    }
  }

  private void merge(ObjectNode input, ObjectNode file, List<MemberShape> shape) {
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : file.properties()) {
      Optional<MemberShape> m = shape.stream().filter(s -> s.name().equals(e.getKey())).findFirst();
      if (m.isEmpty()) {
        errors.add(
            "Unknown parameter in input: \""
                + e.getKey()
                + "\", must be one of: "
                + String.join(", ", shape.stream().map(MemberShape::name).toList()));
        continue;
      }
      try {
        input.set(e.getKey(), coerce(m.get(), e.getValue(), e.getKey()));
      } catch (ValidationFailure v) {
        errors.add(v.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw validation(errors);
    }
  }

  /** botocore's ParamValidationError; v2 reports bad base64 on its own. */
  private static CliFailure validation(List<String> errors) {
    if (errors.size() == 1 && errors.get(0).startsWith("Invalid base64: ")) {
      return CliFailure.param(errors.get(0));
    }
    return CliFailure.param("Parameter validation failed:\n" + String.join("\n", errors));
  }

  private JsonNode fromCli(MemberShape m, Object raw, String cli) {
    if (raw instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    @SuppressWarnings("unchecked")
    List<String> values = (List<String>) raw;
    if (m.kind() == MemberShape.Kind.LIST) {
      if (values.size() == 1) {
        Optional<ParamFiles.Loaded> f = ParamFiles.load(values.get(0));
        String v =
            f.map(l -> l.text() != null ? l.text() : new String(l.bytes(), StandardCharsets.UTF_8))
                .orElse(values.get(0));
        if (v.trim().startsWith("[")) {
          return coerce(m, json(v), m.name());
        }
        values = List.of(v);
      }
      ArrayNode a = NODES.arrayNode();
      for (String v : values) {
        a.add(element(m.element(), v));
      }
      return coerce(m, a, m.name());
    }
    String v = values.get(0);
    Optional<ParamFiles.Loaded> f = ParamFiles.load(v);
    if (m.kind() == MemberShape.Kind.BLOB) {
      if (f.isPresent() && f.get().bytes() != null) {
        return NODES.binaryNode(f.get().bytes());
      }
      return blob(f.map(ParamFiles.Loaded::text).orElse(v));
    }
    String text =
        f.map(l -> l.text() != null ? l.text() : new String(l.bytes(), StandardCharsets.UTF_8))
            .orElse(v);
    return switch (m.kind()) {
      case INTEGER, LONG -> {
        try {
          yield NODES.numberNode(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "invalid literal for int() with base 10: '" + text + "'");
        }
      }
      case STRUCTURE, MAP ->
          coerce(m, text.trim().startsWith("{") ? json(text) : Shorthand.parse(text), m.name());
      default -> coerce(m, NODES.textNode(text), m.name());
    };
  }

  private JsonNode element(MemberShape element, String v) {
    if (element.kind() == MemberShape.Kind.STRUCTURE) {
      return v.trim().startsWith("{") ? json(v) : Shorthand.parse(v);
    }
    return NODES.textNode(v);
  }

  private static JsonNode json(String v) {
    try {
      return JSON.readTree(v);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid JSON: " + e.getOriginalMessage() + "\nJSON received: " + v, e);
    }
  }

  private JsonNode blob(String text) {
    if (rawBlobs) {
      return NODES.binaryNode(text.getBytes(StandardCharsets.UTF_8));
    }
    // Python's b64decode drops characters outside the alphabet, then insists on padding.
    String cleaned = text.replaceAll("[^A-Za-z0-9+/=]", "");
    try {
      if (cleaned.length() % 4 != 0) {
        throw new IllegalArgumentException("bad padding");
      }
      return NODES.binaryNode(Base64.getDecoder().decode(cleaned));
    } catch (IllegalArgumentException e) {
      throw new ValidationFailure("Invalid base64: \"" + text + "\"");
    }
  }

  /** Converts a JSON/shorthand value to the member's type, as botocore's validator would. */
  JsonNode coerce(MemberShape m, JsonNode v, String path) {
    switch (m.kind()) {
      case BLOB:
        return v.isBinary() ? v : blob(v.asText());
      case TIMESTAMP:
        {
          if (v.isNumber()) {
            return NODES.pojoNode(Timestamps.parse(v.asText()).orElseThrow());
          }
          Optional<Instant> t = v.isTextual() ? Timestamps.parse(v.textValue()) : Optional.empty();
          if (t.isEmpty()) {
            throw new ValidationFailure(
                "Invalid type for parameter "
                    + path
                    + ", value: "
                    + v.asText()
                    + ", type: <class 'str'>, valid types: <class 'datetime.datetime'>,"
                    + " timestamp-string");
          }
          return NODES.pojoNode(t.get());
        }
      case INTEGER:
      case LONG:
        if (v.isIntegralNumber()) {
          return v;
        }
        if (v.isTextual() && v.textValue().matches("-?\\d+")) {
          return NODES.numberNode(Long.parseLong(v.textValue()));
        }
        throw new ValidationFailure(
            "Invalid type for parameter "
                + path
                + ", value: "
                + v.asText()
                + ", type: "
                + pyType(v)
                + ", valid types: <class 'int'>");
      case BOOLEAN:
        if (v.isBoolean()) {
          return v;
        }
        if (v.isTextual()
            && (v.textValue().equalsIgnoreCase("true")
                || v.textValue().equalsIgnoreCase("false"))) {
          return NODES.booleanNode(Boolean.parseBoolean(v.textValue()));
        }
        throw new ValidationFailure(
            "Invalid type for parameter "
                + path
                + ", value: "
                + v.asText()
                + ", type: "
                + pyType(v)
                + ", valid types: <class 'bool'>");
      case STRING:
        if (v.isTextual()) {
          return v;
        }
        throw new ValidationFailure(
            "Invalid type for parameter "
                + path
                + ", value: "
                + v
                + ", type: "
                + pyType(v)
                + ", valid types: <class 'str'>");
      case LIST:
        {
          if (!v.isArray()) {
            throw new ValidationFailure(
                "Invalid type for parameter "
                    + path
                    + ", value: "
                    + v
                    + ", type: "
                    + pyType(v)
                    + ", valid types: <class 'list'>, <class 'tuple'>");
          }
          ArrayNode a = NODES.arrayNode();
          int i = 0;
          for (JsonNode n : v) {
            a.add(coerce(m.element(), n, path + "[" + i++ + "]"));
          }
          return a;
        }
      case STRUCTURE:
        {
          if (!v.isObject()) {
            throw new ValidationFailure(
                "Invalid type for parameter "
                    + path
                    + ", value: "
                    + v
                    + ", type: "
                    + pyType(v)
                    + ", valid types: <class 'dict'>");
          }
          ObjectNode o = NODES.objectNode();
          for (Map.Entry<String, JsonNode> e : v.properties()) {
            MemberShape sub =
                m.members().stream()
                    .filter(s -> s.name().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new ValidationFailure(
                                "Unknown parameter in "
                                    + path
                                    + ": \""
                                    + e.getKey()
                                    + "\", must be one of: "
                                    + String.join(
                                        ", ",
                                        m.members().stream().map(MemberShape::name).toList())));
            o.set(e.getKey(), coerce(sub, e.getValue(), path + "." + e.getKey()));
          }
          return o;
        }
      case MAP:
        {
          ObjectNode o = NODES.objectNode();
          for (Map.Entry<String, JsonNode> e : v.properties()) {
            o.set(e.getKey(), coerce(m.element(), e.getValue(), path + "." + e.getKey()));
          }
          return o;
        }
      default:
        return v;
    }
  }

  private static String pyType(JsonNode v) {
    if (v.isTextual()) {
      return "<class 'str'>";
    } else if (v.isIntegralNumber()) {
      return "<class 'int'>";
    } else if (v.isNumber()) {
      return "<class 'float'>";
    } else if (v.isBoolean()) {
      return "<class 'bool'>";
    } else if (v.isArray()) {
      return "<class 'list'>";
    } else if (v.isObject()) {
      return "<class 'dict'>";
    }
    return "<class 'NoneType'>";
  }

  /** A botocore-style "Parameter validation failed" item. */
  static final class ValidationFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ValidationFailure(String message) {
      super(message);
    }
  }
}
