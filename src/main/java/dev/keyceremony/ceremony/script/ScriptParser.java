package dev.keyceremony.ceremony.script;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a ceremony script strictly and validates every field before any device is touched. All
 * problems are collected and reported at once, each with its field path, the value and what is
 * allowed.
 *
 * <p>Relative paths in a script ({@code file:} PIN sources, {@code hsm.module}, {@code
 * transcript.out}) resolve against the directory that contains the script, so a script means the
 * same thing whatever the current directory is. {@code {run}} in a label, alias or description is
 * replaced by the run ID (a UTC timestamp), so that a script can be run repeatedly.
 */
public final class ScriptParser {
  static final List<String> TOP =
      List.of(
          "name",
          "purpose",
          "roles",
          "hsm",
          "kms",
          "key",
          "material",
          "wrapping",
          "expiration",
          "transcript",
          "acknowledgements");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Clock clock;
  private final String runId;

  /** {@code runId} replaces {@code {run}} placeholders; {@code clock} checks ValidTo ranges. */
  public ScriptParser(Clock clock, String runId) {
    this.clock = clock;
    this.runId = runId;
  }

  static ObjectMapper yaml() {
    ObjectMapper m = new ObjectMapper(new YAMLFactory());
    // A key given twice is a mistake a custodian must see, not a silent "last one wins".
    m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return m;
  }

  public CeremonyScript parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScriptException(
          file.toString(),
          List.of(
              new Problem(
                  "(file)",
                  "cannot be read (" + e.getClass().getSimpleName() + "); check the path")));
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), base);
  }

  /** Parses script text; relative paths resolve against {@code baseDir}. */
  public CeremonyScript parse(String yamlText, String sourceName, Path baseDir) {
    return parse(readTree(yamlText, sourceName), sourceName, baseDir);
  }

  /** Parses a script already read into a tree (one key of a batch, see BulkScriptParser). */
  CeremonyScript parse(JsonNode root, String sourceName, Path baseDir) {
    List<Problem> problems = new ArrayList<>();
    Fields top = Fields.open("", root, problems, TOP);
    String name = top.text("name", true, "a short ceremony name (letters, digits, '.', '_', '-')");
    if (name != null && !NAME.matcher(name).matches()) {
      top.problem(
          "name",
          "'"
              + name
              + "' must be 1 to 64 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit (it names the transcript directory)");
    }
    String purpose = top.text("purpose", true, "why this ceremony is held (free text)");
    Roles roles = RolesParser.parse(open(top, "roles", problems, RolesParser.KEYS), problems);
    HsmSection hsm =
        HsmSectionParser.parse(open(top, "hsm", problems, HsmSectionParser.KEYS), baseDir);
    KmsSection kms = KmsSectionParser.parse(open(top, "kms", problems, KmsSectionParser.KEYS));
    KeySection key =
        new KeySectionParser(problems, runId)
            .parse(open(top, "key", problems, KeySectionParser.KEYS));
    MaterialSection material =
        new MaterialSectionParser(runId)
            .parse(open(top, "material", problems, MaterialSectionParser.KEYS));
    key = RotationRules.check(key, material, baseDir, problems);
    RotationRules.replicas(key, kms, problems);
    WrappingSection wrapping =
        WrappingSectionParser.parse(
            open(top, "wrapping", problems, WrappingSectionParser.KEYS), key);
    ExpirationSection expiration =
        new ExpirationSectionParser(clock)
            .parse(open(top, "expiration", problems, ExpirationSectionParser.KEYS));
    TranscriptSection transcript =
        TranscriptSectionParser.parse(
            open(top, "transcript", problems, TranscriptSectionParser.KEYS), baseDir);
    Acknowledgements acks = null;
    if (top.has("acknowledgements")) {
      acks =
          AcknowledgementsParser.parse(
              Fields.open(
                  "acknowledgements",
                  top.raw("acknowledgements"),
                  problems,
                  AcknowledgementsParser.KEYS),
              roles,
              problems,
              "script " + sourceName);
    }
    if (!problems.isEmpty()) {
      throw new ScriptException(sourceName, problems);
    }
    return new CeremonyScript(
        Path.of(sourceName),
        name,
        purpose,
        roles,
        hsm,
        kms,
        key,
        material,
        wrapping,
        expiration,
        transcript,
        acks);
  }

  /** Parses an acknowledgements file ({@code approvals:}, {@code confirmations:}) for a script. */
  public Acknowledgements parseAcknowledgements(Path file, Roles roles) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScriptException(
          file.toString(),
          List.of(
              new Problem(
                  "(file)",
                  "cannot be read (" + e.getClass().getSimpleName() + "); check the path")));
    }
    List<Problem> problems = new ArrayList<>();
    Fields f =
        Fields.open("", readTree(text, file.toString()), problems, AcknowledgementsParser.KEYS);
    Acknowledgements acks = AcknowledgementsParser.parse(f, roles, problems, "file " + file);
    if (!problems.isEmpty()) {
      throw new ScriptException(file.toString(), problems);
    }
    return acks;
  }

  static JsonNode readTree(String text, String sourceName) {
    try {
      JsonNode root = yaml().readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new ScriptException(
            sourceName,
            List.of(
                new Problem(
                    "(top level)",
                    "the script is empty; start from an example in ceremony-scripts/")));
      }
      return root;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ScriptException(
          sourceName,
          List.of(
              new Problem("(syntax)", "not valid YAML" + where + ": " + e.getOriginalMessage())));
    }
  }

  private static Fields open(Fields top, String key, List<Problem> problems, List<String> keys) {
    if (!top.has(key)) {
      top.problem(key, "is required: a section with the keys " + String.join(", ", keys));
    }
    return Fields.open(key, top.raw(key), problems, keys);
  }

  /** Reports names listed twice. */
  static void unique(Fields f, String key, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        f.problem(key, "'" + n + "' is listed twice; each person is listed once");
      }
    }
  }
}
