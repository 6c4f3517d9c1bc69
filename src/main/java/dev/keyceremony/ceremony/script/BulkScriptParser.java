package dev.keyceremony.ceremony.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a bulk script: an ordinary ceremony script plus a top-level {@code batch} section. Every
 * field of the ordinary script means what it means for one key; {@code {n}} in {@code
 * key.create.alias}, {@code key.create.description}, the values of {@code key.create.tags} and
 * {@code material.generate} is replaced by the key's number (1 to count, zero-padded to the width
 * of count). Strict like {@link ScriptParser}: every problem, with its field path, before any
 * device is touched.
 */
public final class BulkScriptParser {
  static final List<String> BATCH_KEYS = List.of("count", "on-failure", "pace");
  static final List<String> PACE_KEYS =
      List.of("create-key", "create-alias", "get-parameters-for-import", "import-key-material");
  private static final String N = "{n}";

  private final ScriptParser parser;

  public BulkScriptParser(ScriptParser parser) {
    this.parser = parser;
  }

  /** True when the script text has a top-level {@code batch} section (a bulk script). */
  public static boolean isBulk(String yamlText) {
    try {
      JsonNode root = ScriptParser.yaml().readTree(yamlText);
      return root != null && root.isObject() && root.has("batch");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false; // the ordinary parser reports the syntax error
    }
  }

  public BulkScript parse(String yamlText, String sourceName, java.nio.file.Path baseDir) {
    JsonNode root = ScriptParser.readTree(yamlText, sourceName);
    List<Problem> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw new ScriptException(
          sourceName,
          List.of(
              new Problem(
                  "(top level)", "must be a mapping; start from ceremony-scripts/bulk.yaml")));
    }
    Fields b = Fields.open("batch", root.get("batch"), problems, BATCH_KEYS);
    Integer count = b.integer("count", true, "the number of keys, 1 to " + BatchSection.MAX_COUNT);
    if (count != null && (count < 1 || count > BatchSection.MAX_COUNT)) {
      b.problem("count", count + " is out of range; allowed: 1 to " + BatchSection.MAX_COUNT);
      count = null;
    }
    String onFailure = b.text("on-failure", false, "continue or stop");
    if (onFailure != null && !onFailure.equals("continue") && !onFailure.equals("stop")) {
      b.problem(
          "on-failure",
          "'"
              + onFailure
              + "' is not allowed; allowed: continue (a failing"
              + " key does not stop the others, the default), stop (the first failing key stops the"
              + " batch)");
    }
    BatchSection.Pace pace = pace(Fields.open("batch.pace", b.raw("pace"), problems, PACE_KEYS));
    ObjectNode template = ((ObjectNode) root).deepCopy();
    template.remove("batch");
    checkTemplate(template, problems);
    if (!problems.isEmpty() || count == null) {
      // Report the batch problems with those of the script itself (as key 1 would see them).
      try {
        parser.parse(fill(template, "1"), sourceName, baseDir);
      } catch (ScriptException e) {
        problems.addAll(e.problems());
      }
      throw new ScriptException(sourceName, problems);
    }
    BatchSection batch = new BatchSection(count, "stop".equals(onFailure), pace);
    List<CeremonyScript> keys = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      try {
        keys.add(parser.parse(fill(template, batch.number(n)), sourceName, baseDir));
      } catch (ScriptException e) {
        List<Problem> ps = new ArrayList<>();
        for (Problem p : e.problems()) {
          ps.add(new Problem(p.path(), p.message() + (n == 1 ? "" : " (key " + n + ")")));
        }
        throw new ScriptException(sourceName, ps);
      }
    }
    return new BulkScript(batch, keys);
  }

  private static BatchSection.Pace pace(Fields f) {
    BatchSection.Pace d = BatchSection.Pace.AWS;
    return new BatchSection.Pace(
        rate(f, "create-key", d.createKey()),
        rate(f, "create-alias", d.createAlias()),
        rate(f, "get-parameters-for-import", d.getParametersForImport()),
        rate(f, "import-key-material", d.importKeyMaterial()));
  }

  private static double rate(Fields f, String key, double fallback) {
    JsonNode n = f.raw(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isNumber() || !(n.doubleValue() >= 0.01) || n.doubleValue() > 1000) {
      f.problem(
          key,
          Fields.describe(n)
              + " is not a rate; expected requests per second from 0.01"
              + " to 1000 (AWS's quota is "
              + fmt(fallback)
              + ", the default)");
      return fallback;
    }
    return n.doubleValue();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** A batch creates its keys and generates new material for each, each under its own name. */
  private static void checkTemplate(ObjectNode t, List<Problem> problems) {
    JsonNode key = t.path("key");
    JsonNode material = t.path("material");
    if (key.has("existing")) {
      problems.add(
          new Problem(
              "key.existing",
              "is not allowed in a batch: a batch creates its"
                  + " keys (key.create); reimport existing keys one ceremony each"));
    }
    if (material.has("existing")) {
      problems.add(
          new Problem(
              "material.existing",
              "is not allowed in a batch: every key gets"
                  + " new material (material.generate with {n})"));
    }
    JsonNode gen = material.path("generate");
    if (gen.isTextual() && !gen.asText().contains(N)) {
      problems.add(
          new Problem(
              "material.generate",
              "'"
                  + gen.asText()
                  + "' must contain {n}, so"
                  + " that each key of the batch gets its own HSM object, e.g. bulk-{run}-{n}"));
    }
    if (t.path("hsm").has("so-pin")) {
      problems.add(
          new Problem(
              "hsm.so-pin",
              "trusted mode (a CKA_TRUSTED wrapping key made by the"
                  + " Security Officer) is not available in a batch yet: it would ask for the SO PIN once"
                  + " per key; remove hsm.so-pin or hold one ceremony per key"));
    }
    JsonNode alias = key.path("create").path("alias");
    if (alias.isTextual() && !alias.asText().contains(N)) {
      problems.add(
          new Problem(
              "key.create.alias",
              "'"
                  + alias.asText()
                  + "' must contain {n}:"
                  + " an alias names one key, e.g. alias/bulk-{run}-{n}"));
    }
  }

  /** The template with {n} replaced in the fields that name one key. */
  static JsonNode fill(ObjectNode template, String n) {
    ObjectNode t = template.deepCopy();
    JsonNode create = t.path("key").path("create");
    if (create instanceof ObjectNode c) {
      replace(c, "alias", n);
      replace(c, "description", n);
      if (c.get("tags") instanceof ObjectNode tags) {
        List<String> names = new ArrayList<>();
        tags.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
          replace(tags, name, n);
        }
      }
    }
    if (t.path("material") instanceof ObjectNode m) {
      replace(m, "generate", n);
    }
    return t;
  }

  private static void replace(ObjectNode o, String field, String n) {
    JsonNode v = o.get(field);
    if (v != null && v.isTextual()) {
      o.set(field, TextNode.valueOf(v.asText().replace(N, n)));
    }
  }
}
