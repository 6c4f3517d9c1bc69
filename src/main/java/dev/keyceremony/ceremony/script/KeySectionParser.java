package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.KeySpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code key} section: {@code create}, {@code existing} or {@code rotate}, and replicas. */
final class KeySectionParser {
  static final List<String> KEYS = List.of("create", "existing", "rotate", "replica-regions");
  private static final Pattern KEY_ID =
      Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");
  private static final Pattern KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/(.+)");
  private static final Pattern ALIAS = Pattern.compile("alias/[A-Za-z0-9/_{}-]{1,250}");

  private final List<Problem> problems;
  private final String runId;

  KeySectionParser(List<Problem> problems, String runId) {
    this.problems = problems;
    this.runId = runId;
  }

  private String run(String s) {
    return Fields.run(s, runId);
  }

  KeySection parse(Fields f) {
    if (!f.present()) {
      return null;
    }
    boolean create = f.raw("create") != null;
    boolean existing = f.raw("existing") != null;
    if (f.raw("rotate") != null) {
      if (f.raw("replica-regions") != null) {
        f.problem(
            "replica-regions",
            "cannot be given with key.rotate: rotating a multi-Region"
                + " key across its replicas is not built yet");
        return null;
      }
      if (create || existing) {
        f.problem(
            "rotate",
            "cannot be given together with key."
                + (create ? "create" : "existing")
                + "; a rotation names its key in key.rotate.existing");
        return null;
      }
      return rotate(
          Fields.open(
              f.path("rotate"),
              f.raw("rotate"),
              problems,
              List.of("existing", "rotate-now", "material-description", "previous-bundle")));
    }
    if (create && existing) {
      f.problem("existing", "cannot be given together with key.create; choose one");
      return null;
    }
    if (!create && !existing) {
      f.problem(
          "create",
          "is required: give key.create (a new KMS key) or key.existing"
              + " (the key ID or ARN of an EXTERNAL key)");
      return null;
    }
    if (existing) {
      String id = existingKey(f);
      List<String> replicas = replicaRegions(f);
      if (id != null && !replicas.isEmpty() && !id.matches("(.*:key/)?mrk-[0-9a-f]{32}")) {
        f.problem(
            "replica-regions",
            "goes with a multi-Region key (mrk-...); " + id + " is a single-Region key");
        return null;
      }
      return id == null ? null : new KeySection(null, id, null, replicas);
    }
    if (f.raw("replica-regions") != null) {
      f.problem(
          "replica-regions",
          "goes with key.existing; for a new key use" + " key.create.replica-regions");
    }
    Fields c =
        Fields.open(
            f.path("create"),
            f.raw("create"),
            problems,
            List.of(
                "spec",
                "usage",
                "description",
                "alias",
                "tags",
                "multi-region",
                "replica-regions"));
    KeyCreate kc = create(c);
    List<String> replicas = replicaRegions(c);
    if (kc != null && !replicas.isEmpty() && c.raw("multi-region") != null && !kc.multiRegion()) {
      c.problem(
          "multi-region",
          "false contradicts replica-regions: replicas need a multi-Region"
              + " key; remove multi-region (replica-regions implies true)");
      return null;
    }
    if (kc != null && !replicas.isEmpty()) {
      kc = new KeyCreate(kc.spec(), kc.usage(), kc.description(), kc.alias(), kc.tags(), true);
    }
    return kc == null ? null : new KeySection(kc, null, null, replicas);
  }

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  /** {@code replica-regions}: Region names, each once. */
  private static List<String> replicaRegions(Fields f) {
    List<String> l =
        f.strings(
            "replica-regions",
            false,
            "the Regions of the replicas, e.g." + " [us-west-2, eu-west-1]");
    if (l == null) {
      return List.of();
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String r : l) {
      if (!REGION.matcher(r).matches()) {
        f.problem("replica-regions", "'" + r + "' is not an AWS Region name; e.g. us-west-2");
        return List.of();
      }
      if (!seen.add(r)) {
        f.problem("replica-regions", "'" + r + "' is listed twice; each Region is listed once");
        return List.of();
      }
    }
    return l;
  }

  private static final Pattern MATERIAL_DESCRIPTION = Pattern.compile("[a-zA-Z0-9:/_\\s.-]{1,256}");

  private KeySection rotate(Fields f) {
    if (!f.present()) {
      return null;
    }
    String id = existingKey(f);
    boolean now = f.bool("rotate-now", true);
    String d = run(f.text("material-description", false, "a KeyMaterialDescription"));
    if (d != null && !MATERIAL_DESCRIPTION.matcher(d.replace("{run}", "0")).matches()) {
      f.problem(
          "material-description",
          "'"
              + d
              + "' is not a KeyMaterialDescription: 1 to 256"
              + " letters, digits, spaces and : / _ . -");
      d = null;
    }
    String prev =
        f.text(
            "previous-bundle",
            false,
            "the bundle of the ceremony that imported" + " the current material");
    if (id == null) {
      return null;
    }
    return new KeySection(
        null, id, new KeyRotate(id, now, d, prev == null ? null : java.nio.file.Path.of(prev)));
  }

  private String existingKey(Fields f) {
    String v = f.text("existing", true, "a key ID or key ARN");
    if (v == null) {
      return null;
    }
    if (v.startsWith("alias/") || v.matches("arn:aws[a-z-]*:kms:.*:alias/.*")) {
      f.problem(
          "existing",
          "'"
              + v
              + "' is an alias; GetParametersForImport and"
              + " ImportKeyMaterial accept only a key ID or key ARN (an alias can be moved to another"
              + " key between the check and the import); find the key ID with: aws kms describe-key"
              + " --key-id "
              + v
              + " --query KeyMetadata.KeyId");
      return null;
    }
    Matcher arn = KEY_ARN.matcher(v);
    if (!KEY_ID.matcher(v).matches()
        && !(arn.matches() && KEY_ID.matcher(arn.group(1)).matches())) {
      f.problem(
          "existing",
          "'"
              + v
              + "' is not a key ID (1234abcd-12ab-34cd-56ef-1234567890ab or"
              + " mrk-...) or a key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID)");
      return null;
    }
    return v;
  }

  private KeyCreate create(Fields f) {
    String specText = f.text("spec", true, "the KMS key spec; allowed: " + KeySpec.allowedNames());
    KeySpec spec = null;
    if (specText != null) {
      try {
        spec = KeySpec.parse(specText);
      } catch (IllegalArgumentException e) {
        f.problem(
            "spec", "'" + specText + "' is not importable; allowed: " + KeySpec.allowedNames());
      }
    }
    String usage = f.text("usage", false, "the key usage");
    if (spec != null) {
      String only = Usage.forSpec(spec);
      if (usage == null) {
        usage = only;
      } else if (!usage.equals(only)) {
        f.problem(
            "usage",
            "'"
                + usage
                + "' is not allowed for "
                + spec
                + "; allowed: "
                + only
                + usageReason(spec));
      }
    }
    String description = run(f.text("description", false, "a description of the key"));
    if (description != null && description.length() > 8192) {
      f.problem("description", "is longer than 8192 characters, the KMS limit");
    }
    String alias = run(f.text("alias", false, "an alias such as alias/payments-key"));
    if (alias != null && (!ALIAS.matcher(alias).matches() || alias.startsWith("alias/aws/"))) {
      f.problem(
          "alias",
          "'"
              + alias
              + "' is not a valid alias; it must start with alias/, contain"
              + " only letters, digits, '/', '_' and '-', and not start with alias/aws/");
      alias = null;
    }
    Map<String, String> tags = f.stringMap("tags");
    tags.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.length() > 128 || v.length() > 256 || k.startsWith("aws:")) {
            problems.add(
                new Problem(
                    f.path("tags") + "." + k,
                    "tag keys are 1 to 128 characters,"
                        + " not starting with aws:, and values at most 256 characters"));
          }
        });
    boolean multiRegion = f.bool("multi-region", false);
    if (spec == null) {
      return null;
    }
    return new KeyCreate(spec, usage, description, alias, tags, multiRegion);
  }

  private static String usageReason(KeySpec spec) {
    return spec.isKeyPair()
        ? " (the proof step signs in KMS and verifies under the HSM's public key; an encryption or"
            + " key-agreement key pair cannot be proven that way)"
        : "";
  }
}
