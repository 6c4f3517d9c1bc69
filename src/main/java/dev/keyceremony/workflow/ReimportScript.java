package dev.keyceremony.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The script of a reimport, written from a bundle so that nobody copies a key ARN or HSM label by
 * hand: the original script's roles, hsm, kms and wrapping sections as they were, {@code
 * key.existing} (the ARN), {@code material.existing} with the object's CKA_ID and KeyMaterialId,
 * the expiration chosen, and {@code transcript} with the new bundle's directory. The original's
 * acknowledgements are not carried over: approvals belong to one ceremony.
 */
final class ReimportScript {
  /** How the reimported material expires; null fields: keep the original script's choice. */
  record Expiration(String validFor, String validTo, boolean doesNotExpire) {
    static final Expiration ORIGINAL = new Expiration(null, null, false);
  }

  private ReimportScript() {}

  /** The new script's bytes (UTF-8 YAML with a comment header naming its source). */
  static byte[] build(ReimportSource src, Expiration expiration, Path out) {
    ObjectMapper yaml =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    JsonNode orig;
    try {
      orig = yaml.readTree(src.scriptBytes());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the bundle's script is not YAML: " + e.getMessage(), e);
    }
    ObjectNode s = yaml.createObjectNode();
    String name = orig.path("name").asText("ceremony");
    String suffix = "-reimport";
    s.put(
        "name",
        name.endsWith(suffix)
            ? name
            : name.substring(0, Math.min(name.length(), 64 - suffix.length())) + suffix);
    s.put(
        "purpose",
        "Reimport of the material that ceremony "
            + src.ceremonyId()
            + " imported into "
            + src.keyArn()
            + " (from bundle "
            + src.bundle()
            + ")");
    s.set("roles", orig.path("roles"));
    s.set("hsm", orig.path("hsm"));
    s.set("kms", orig.path("kms"));
    ObjectNode key = s.putObject("key");
    key.put("existing", src.keyArn());
    // A multi-Region key's replicas get the same material again in the same reimport.
    JsonNode replicas =
        orig.path("key").path("create").has("replica-regions")
            ? orig.path("key").path("create").path("replica-regions")
            : orig.path("key").path("replica-regions");
    if (replicas.isArray() && replicas.size() > 0) {
      key.set("replica-regions", replicas);
    }
    ObjectNode m = s.putObject("material");
    m.put("existing", src.hsmLabel());
    m.put("id", src.hsmIdHex());
    if (src.keyMaterialId() != null) {
      m.put("key-material-id", src.keyMaterialId());
    }
    s.set("wrapping", orig.path("wrapping"));
    s.set("expiration", expiration(orig.path("expiration"), expiration, yaml));
    ObjectNode t = s.putObject("transcript");
    t.put("out", out.toString());
    t.set("signer", orig.path("transcript").path("signer"));
    String header =
        "# Written by ./ceremony reimport from bundle "
            + src.bundle()
            + "\n"
            + "# (transcript SHA-256 "
            + src.transcriptSha256()
            + ", ceremony "
            + src.ceremonyId()
            + ")\n";
    try {
      return (header + yaml.writeValueAsString(s)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the reimport script", e);
    }
  }

  private static JsonNode expiration(JsonNode orig, Expiration e, ObjectMapper yaml) {
    ObjectNode x = yaml.createObjectNode();
    if (e.doesNotExpire()) {
      x.put("model", "KEY_MATERIAL_DOES_NOT_EXPIRE");
    } else if (e.validFor() != null) {
      x.put("model", "KEY_MATERIAL_EXPIRES");
      x.put("valid-for", e.validFor());
    } else if (e.validTo() != null) {
      x.put("model", "KEY_MATERIAL_EXPIRES");
      x.put("valid-to", e.validTo());
    } else {
      return orig;
    }
    return x;
  }
}
