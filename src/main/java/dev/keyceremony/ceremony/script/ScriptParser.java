package dev.keyceremony.ceremony.script;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyceremony.core.PinSource;
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
      List.of("name", "purpose", "roles", "hsm", "kms", "key", "material", "wrapping",
          "expiration", "transcript", "acknowledgements");
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
          List.of(new Problem("(file)", "cannot be read (" + e.getClass().getSimpleName()
              + "); check the path")));
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
      top.problem("name", "'" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit (it names the transcript directory)");
    }
    String purpose = top.text("purpose", true, "why this ceremony is held (free text)");
    Roles roles = RolesParser.parse(open(top, "roles", problems, RolesParser.KEYS), problems);
    HsmSection hsm = parseHsm(open(top, "hsm", problems, List.of("module", "token", "init-args", "user-pin",
        "so-pin")), baseDir);
    KmsSection kms = parseKms(open(top, "kms", problems, List.of("region", "profile", "endpoint",
        "embedded", "retry-budget")));
    KeyRules keyRules = new KeyRules(problems, runId, clock);
    KeySection key = keyRules.key(open(top, "key", problems, List.of("create", "existing",
        "rotate", "replica-regions")));
    MaterialSection material =
        keyRules.material(open(top, "material", problems,
            List.of("generate", "existing", "id", "key-material-id")));
    key = RotationRules.check(key, material, baseDir, problems);
    RotationRules.replicas(key, kms, problems);
    WrappingSection wrapping = keyRules.wrapping(
        open(top, "wrapping", problems, List.of("algorithm", "key-spec")), key);
    ExpirationSection expiration = keyRules.expiration(
        open(top, "expiration", problems, List.of("model", "valid-to", "valid-for")));
    TranscriptSection transcript = parseTranscript(
        open(top, "transcript", problems, List.of("out", "signer",
            "signer-fingerprint")), baseDir);
    Acknowledgements acks = null;
    if (top.has("acknowledgements")) {
      acks = AcknowledgementsParser.parse(
          Fields.open("acknowledgements", top.raw("acknowledgements"), problems,
              AcknowledgementsParser.KEYS), roles, problems, "script " + sourceName);
    }
    if (!problems.isEmpty()) {
      throw new ScriptException(sourceName, problems);
    }
    return new CeremonyScript(Path.of(sourceName), name, purpose, roles, hsm, kms, key, material,
        wrapping, expiration, transcript, acks);
  }

  /** Parses an acknowledgements file ({@code approvals:}, {@code confirmations:}) for a script. */
  public Acknowledgements parseAcknowledgements(Path file, Roles roles) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScriptException(file.toString(), List.of(new Problem("(file)",
          "cannot be read (" + e.getClass().getSimpleName() + "); check the path")));
    }
    List<Problem> problems = new ArrayList<>();
    Fields f = Fields.open("", readTree(text, file.toString()), problems,
        AcknowledgementsParser.KEYS);
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
        throw new ScriptException(sourceName, List.of(new Problem("(top level)",
            "the script is empty; start from an example in ceremony-scripts/")));
      }
      return root;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ScriptException(sourceName, List.of(new Problem("(syntax)",
          "not valid YAML" + where + ": " + e.getOriginalMessage())));
    }
  }

  private static Fields open(Fields top, String key, List<Problem> problems, List<String> keys) {
    if (!top.has(key)) {
      top.problem(key, "is required: a section with the keys " + String.join(", ", keys));
    }
    return Fields.open(key, top.raw(key), problems, keys);
  }

  private HsmSection parseHsm(Fields f, Path base) {
    String module = f.text("module", true, "the PKCS#11 module (.so) path, e.g. "
        + "/usr/lib/softhsm/libsofthsm2.so");
    Path modulePath = null;
    if (module != null) {
      modulePath = base.resolve(module).normalize();
      if (!Files.isRegularFile(modulePath)) {
        f.problem("module", "'" + module + "' does not exist (resolved to " + modulePath
            + "); give the path of the vendor's PKCS#11 library");
        modulePath = null;
      }
    }
    String token = f.text("token", true, "a token label, serial:SERIAL or a pkcs11: URI");
    if (token != null && !token.startsWith("serial:") && !token.startsWith("pkcs11:")
        && token.getBytes(StandardCharsets.UTF_8).length > 32) {
      f.problem("token", "'" + token + "' is longer than 32 bytes, the longest PKCS#11 token label;"
          + " use serial:SERIAL or a pkcs11: URI");
      token = null;
    }
    String initArgs = f.text("init-args", false, "the module's C_Initialize parameters, e.g. for"
        + " NSS: \"configdir='sql:.nss/db' certPrefix='' keyPrefix='' secmod='secmod.db' flags=\"");
    if (initArgs != null) {
      initArgs = resolveNssConfigDir(initArgs, base);
    }
    PinSource user = pin(f, "user-pin", true, base);
    PinSource so = pin(f, "so-pin", false, base);
    if (modulePath == null || token == null || user == null) {
      return null;
    }
    return new HsmSection(modulePath, token, user, so, initArgs);
  }

  /**
   * NSS's {@code configdir='sql:DIR'} (or {@code configdir='DIR'}) with a relative DIR is resolved
   * against the script's directory, as {@code module} and file: PIN sources are; everything else
   * in the string is passed on unchanged.
   */
  static String resolveNssConfigDir(String initArgs, Path base) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("configdir='(sql:|dbm:)?([^']*)'").matcher(initArgs);
    if (!m.find() || m.group(2).isEmpty() || Path.of(m.group(2)).isAbsolute()) {
      return initArgs;
    }
    String prefix = m.group(1) == null ? "" : m.group(1);
    String dir = base.resolve(m.group(2)).normalize().toString();
    return initArgs.substring(0, m.start()) + "configdir='" + prefix + dir + "'"
        + initArgs.substring(m.end());
  }

  private static PinSource pin(Fields f, String key, boolean required, Path base) {
    String spec = f.text(key, required, "where the PIN comes from: prompt, env:NAME, file:PATH or"
        + " shares:M (never the PIN itself)");
    if (spec == null) {
      return null;
    }
    try {
      return PinSource.parse(spec).resolvedAgainst(base);
    } catch (IllegalArgumentException e) {
      // PinSource's message never echoes the value: it may be a PIN typed in the wrong place.
      f.problem(key, e.getMessage());
      return null;
    }
  }

  private static KmsSection parseKms(Fields f) {
    if (!f.present()) {
      return null;
    }
    String region = f.text("region", false, "an AWS Region such as eu-west-1");
    String profile = f.text("profile", false, "a named AWS CLI profile");
    String endpoint = f.text("endpoint", false, "a local KMS URL such as http://127.0.0.1:4599");
    boolean embedded = f.bool("embedded", false);
    if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
      f.problem("region", "'" + region + "' is not an AWS Region name; e.g. us-east-1, eu-west-1");
    }
    if (endpoint != null && !endpoint.matches("https?://[^\\s/]+(/\\S*)?")) {
      f.problem("endpoint", "'" + endpoint + "' is not an http:// or https:// URL");
    }
    if (embedded && (endpoint != null || profile != null)) {
      f.problem("embedded", "true cannot be combined with endpoint or profile; the embedded local"
          + " KMS runs in-process and needs neither");
    } else if (!embedded && endpoint == null && region == null) {
      f.problem("region", "is required: give region (and optionally profile) for AWS KMS,"
          + " endpoint for a local KMS, or embedded: true for a demo");
    }
    if (endpoint != null && profile != null) {
      f.problem("profile", "cannot be combined with endpoint: a local KMS takes any credentials");
    }
    java.time.Duration budget = null;
    String b = f.text("retry-budget", false, "how long one KMS call is retried, e.g. 3m, 90s");
    if (b != null) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})([smh])").matcher(b);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        budget = switch (m.group(2)) {
          case "s" -> java.time.Duration.ofSeconds(n);
          case "m" -> java.time.Duration.ofMinutes(n);
          default -> java.time.Duration.ofHours(n);
        };
      }
      if (budget == null || budget.compareTo(java.time.Duration.ofHours(2)) > 0) {
        f.problem("retry-budget", "'" + b + "' is not a duration from 0s to 2h such as 3m or"
            + " 90s (seconds s, minutes m, hours h)");
        budget = null;
      }
    }
    return new KmsSection(region, profile, endpoint, embedded, budget);
  }

  private TranscriptSection parseTranscript(Fields f, Path base) {
    String out = f.text("out", true, "the directory that receives one new bundle per ceremony");
    String signer = f.text("signer", true, "the HSM label of the transcript-signing key"
        + " (create it with ./ceremony hsm create-signer --label LABEL)");
    if (signer != null && signer.length() > 128) {
      f.problem("signer", "label is longer than 128 characters");
      signer = null;
    }
    String pin = f.text("signer-fingerprint", false, "the SHA-256 of the signer's public key");
    if (pin != null) {
      String norm = pin.replace(":", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
      if (!norm.matches("[0-9a-f]{64}")) {
        f.problem("signer-fingerprint", "'" + pin + "' is not a SHA-256 in hex (64 hex digits, as"
            + " printed by 'openssl pkey -pubin -in signer.pem -outform DER | openssl dgst -sha256')");
        pin = null;
      } else {
        pin = norm;
      }
    }
    if (out == null || signer == null) {
      return null;
    }
    return new TranscriptSection(base.resolve(out).normalize(), signer, pin);
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
