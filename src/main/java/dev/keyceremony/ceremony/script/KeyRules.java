package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code key}, {@code material}, {@code wrapping} and {@code expiration} sections. */
final class KeyRules {
  static final Duration MAX_VALIDITY = Duration.ofDays(365);
  private static final Pattern KEY_ID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");
  private static final Pattern KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/(.+)");
  private static final Pattern ALIAS = Pattern.compile("alias/[A-Za-z0-9/_{}-]{1,250}");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,5})([dh])");

  private final List<Problem> problems;
  private final String runId;
  private final Clock clock;

  KeyRules(List<Problem> problems, String runId, Clock clock) {
    this.problems = problems;
    this.runId = runId;
    this.clock = clock;
  }

  private String run(String s) {
    return s == null ? null : s.replace("{run}", runId);
  }

  KeySection key(Fields f) {
    if (!f.present()) {
      return null;
    }
    boolean create = f.raw("create") != null;
    boolean existing = f.raw("existing") != null;
    if (f.raw("rotate") != null) {
      if (f.raw("replica-regions") != null) {
        f.problem("replica-regions", "cannot be given with key.rotate: rotating a multi-Region"
            + " key across its replicas is not built yet");
        return null;
      }
      if (create || existing) {
        f.problem("rotate", "cannot be given together with key." + (create ? "create" : "existing")
            + "; a rotation names its key in key.rotate.existing");
        return null;
      }
      return rotate(Fields.open(f.path("rotate"), f.raw("rotate"), problems,
          List.of("existing", "rotate-now", "material-description", "previous-bundle")));
    }
    if (create && existing) {
      f.problem("existing", "cannot be given together with key.create; choose one");
      return null;
    }
    if (!create && !existing) {
      f.problem("create", "is required: give key.create (a new KMS key) or key.existing"
          + " (the key ID or ARN of an EXTERNAL key)");
      return null;
    }
    if (existing) {
      String id = existingKey(f);
      List<String> replicas = replicaRegions(f);
      if (id != null && !replicas.isEmpty() && !id.matches("(.*:key/)?mrk-[0-9a-f]{32}")) {
        f.problem("replica-regions", "goes with a multi-Region key (mrk-...); " + id
            + " is a single-Region key");
        return null;
      }
      return id == null ? null : new KeySection(null, id, null, replicas);
    }
    if (f.raw("replica-regions") != null) {
      f.problem("replica-regions", "goes with key.existing; for a new key use"
          + " key.create.replica-regions");
    }
    Fields c = Fields.open(f.path("create"), f.raw("create"), problems,
        List.of("spec", "usage", "description", "alias", "tags", "multi-region",
            "replica-regions"));
    KeyCreate kc = create(c);
    List<String> replicas = replicaRegions(c);
    if (kc != null && !replicas.isEmpty() && c.raw("multi-region") != null && !kc.multiRegion()) {
      c.problem("multi-region", "false contradicts replica-regions: replicas need a multi-Region"
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
    List<String> l = f.strings("replica-regions", false, "the Regions of the replicas, e.g."
        + " [us-west-2, eu-west-1]");
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
      f.problem("material-description", "'" + d + "' is not a KeyMaterialDescription: 1 to 256"
          + " letters, digits, spaces and : / _ . -");
      d = null;
    }
    String prev = f.text("previous-bundle", false, "the bundle of the ceremony that imported"
        + " the current material");
    if (id == null) {
      return null;
    }
    return new KeySection(null, id, new KeyRotate(id, now, d,
        prev == null ? null : java.nio.file.Path.of(prev)));
  }

  private String existingKey(Fields f) {
    String v = f.text("existing", true, "a key ID or key ARN");
    if (v == null) {
      return null;
    }
    if (v.startsWith("alias/") || v.matches("arn:aws[a-z-]*:kms:.*:alias/.*")) {
      f.problem("existing", "'" + v + "' is an alias; GetParametersForImport and"
          + " ImportKeyMaterial accept only a key ID or key ARN (an alias can be moved to another"
          + " key between the check and the import); find the key ID with: aws kms describe-key"
          + " --key-id " + v + " --query KeyMetadata.KeyId");
      return null;
    }
    Matcher arn = KEY_ARN.matcher(v);
    if (!KEY_ID.matcher(v).matches() && !(arn.matches() && KEY_ID.matcher(arn.group(1)).matches())) {
      f.problem("existing", "'" + v + "' is not a key ID (1234abcd-12ab-34cd-56ef-1234567890ab or"
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
        f.problem("spec", "'" + specText + "' is not importable; allowed: "
            + KeySpec.allowedNames());
      }
    }
    String usage = f.text("usage", false, "the key usage");
    if (spec != null) {
      String only = Usage.forSpec(spec);
      if (usage == null) {
        usage = only;
      } else if (!usage.equals(only)) {
        f.problem("usage", "'" + usage + "' is not allowed for " + spec + "; allowed: " + only
            + usageReason(spec));
      }
    }
    String description = run(f.text("description", false, "a description of the key"));
    if (description != null && description.length() > 8192) {
      f.problem("description", "is longer than 8192 characters, the KMS limit");
    }
    String alias = run(f.text("alias", false, "an alias such as alias/payments-key"));
    if (alias != null && (!ALIAS.matcher(alias).matches() || alias.startsWith("alias/aws/"))) {
      f.problem("alias", "'" + alias + "' is not a valid alias; it must start with alias/, contain"
          + " only letters, digits, '/', '_' and '-', and not start with alias/aws/");
      alias = null;
    }
    Map<String, String> tags = f.stringMap("tags");
    tags.forEach((k, v) -> {
      if (k.isEmpty() || k.length() > 128 || v.length() > 256 || k.startsWith("aws:")) {
        problems.add(new Problem(f.path("tags") + "." + k, "tag keys are 1 to 128 characters,"
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

  MaterialSection material(Fields f) {
    if (!f.present()) {
      return null;
    }
    boolean gen = f.raw("generate") != null;
    boolean existing = f.raw("existing") != null;
    if (gen && existing) {
      f.problem("existing", "cannot be given together with material.generate; choose one");
      return null;
    }
    if (!gen && !existing) {
      f.problem("generate", "is required: give material.generate (a new HSM label) or"
          + " material.existing (the label of the HSM object to reimport)");
      return null;
    }
    String key = gen ? "generate" : "existing";
    String label = f.text(key, true, gen ? "a new HSM label" : "an existing HSM label");
    if (label == null) {
      return null;
    }
    label = gen ? run(label) : label;
    if (label.length() > 128) {
      f.problem(key, "label is longer than 128 characters");
      return null;
    }
    String id = f.text("id", false, "the CKA_ID of the existing HSM object, in hex");
    String materialId = f.text("key-material-id", false, "the KeyMaterialId KMS gave this"
        + " material (64 hex digits)");
    if (gen && (id != null || materialId != null)) {
      f.problem(id != null ? "id" : "key-material-id", "goes with material.existing only (it"
          + " names what an existing object must be); remove it or use material.existing");
      return null;
    }
    if (id != null && !id.matches("([0-9a-f]{2}){1,64}")) {
      f.problem("id", "'" + id + "' is not a CKA_ID in lower-case hex (an even number of hex"
          + " digits, as ./ceremony hsm list-keys prints it)");
      return null;
    }
    if (materialId != null && !materialId.matches("[0-9a-f]{64}")) {
      f.problem("key-material-id", "'" + materialId + "' is not a KeyMaterialId (64 lower-case"
          + " hex digits, as ImportKeyMaterial and the transcript's ceremony.sealed entry give it)");
      return null;
    }
    return new MaterialSection(label, gen, id, materialId);
  }

  WrappingSection wrapping(Fields f, KeySection key) {
    String algText = f.text("algorithm", true, "auto, RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1,"
        + " RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1");
    WrappingAlgorithm alg = null;
    boolean algOk = algText != null;
    if (algText != null && !algText.equals("auto")) {
      try {
        alg = WrappingAlgorithm.parse(algText);
      } catch (IllegalArgumentException e) {
        f.problem("algorithm", "'" + algText + "' is not allowed; allowed: auto, "
            + "RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256,"
            + " RSA_AES_KEY_WRAP_SHA_1 (RSAES_PKCS1_V1_5 is no longer accepted by KMS)");
        algOk = false;
      }
    }
    String ksText = f.text("key-spec", true, "the wrapping key size: RSA_2048, RSA_3072 or"
        + " RSA_4096");
    WrappingKeySpec ks = null;
    if (ksText != null) {
      try {
        ks = WrappingKeySpec.parse(ksText);
      } catch (IllegalArgumentException e) {
        f.problem("key-spec", "'" + ksText + "' is not allowed; allowed: RSA_2048, RSA_3072,"
            + " RSA_4096");
      }
    }
    if (alg != null && ks != null && key != null && key.creates()) {
      Optional<String> why = WrappingRules.rejection(key.create().spec(), alg, ks);
      why.ifPresent(w -> f.problem("algorithm", w));
      if (why.isPresent()) {
        return null;
      }
    }
    if (!algOk || ks == null) {
      return null;
    }
    return new WrappingSection(alg, ks);
  }

  ExpirationSection expiration(Fields f) {
    String model = f.text("model", true, ExpirationSection.EXPIRES + " or "
        + ExpirationSection.DOES_NOT_EXPIRE);
    if (model == null) {
      return null;
    }
    if (!model.equals(ExpirationSection.EXPIRES) && !model.equals(ExpirationSection.DOES_NOT_EXPIRE)) {
      f.problem("model", "'" + model + "' is not allowed; allowed: " + ExpirationSection.EXPIRES
          + ", " + ExpirationSection.DOES_NOT_EXPIRE);
      return null;
    }
    boolean hasTo = f.raw("valid-to") != null;
    boolean hasFor = f.raw("valid-for") != null;
    if (model.equals(ExpirationSection.DOES_NOT_EXPIRE)) {
      if (hasTo || hasFor) {
        f.problem(hasTo ? "valid-to" : "valid-for", "is not allowed with "
            + ExpirationSection.DOES_NOT_EXPIRE + "; remove it or use " + ExpirationSection.EXPIRES);
        return null;
      }
      return new ExpirationSection(model, null, null);
    }
    if (hasTo == hasFor) {
      f.problem(hasTo ? "valid-for" : "valid-to", hasTo
          ? "cannot be given together with valid-to; choose one"
          : "is required with " + ExpirationSection.EXPIRES + ": give valid-to (ISO 8601, e.g."
              + " 2027-01-31T00:00:00Z) or valid-for (e.g. 90d, 12h, P90D)");
      return null;
    }
    Instant now = clock.instant();
    if (hasTo) {
      Instant to = validTo(f);
      if (to == null) {
        return null;
      }
      if (!to.isAfter(now)) {
        f.problem("valid-to", "'" + to + "' is in the past; KMS needs a ValidTo in the future,"
            + " at most 365 days ahead");
        return null;
      }
      if (to.isAfter(now.plus(MAX_VALIDITY))) {
        f.problem("valid-to", "'" + to + "' is more than 365 days ahead (latest allowed now: "
            + now.plus(MAX_VALIDITY) + "); KMS refuses a later ValidTo");
        return null;
      }
      return new ExpirationSection(model, to, null);
    }
    Duration d = validFor(f);
    return d == null ? null : new ExpirationSection(model, null, d);
  }

  private static Instant validTo(Fields f) {
    String s = f.text("valid-to", true, "an ISO 8601 instant");
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        f.problem("valid-to", "'" + s + "' is not an ISO 8601 date-time with offset"
            + " (e.g. 2027-01-31T00:00:00Z) or a date (2027-01-31, midnight UTC)");
        return null;
      }
    }
  }

  private static Duration validFor(Fields f) {
    String s = f.text("valid-for", true, "a duration");
    if (s == null) {
      return null;
    }
    Duration d;
    Matcher m = SHORT_DURATION.matcher(s);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
      } else {
        d = Duration.parse(s);
      }
    } catch (DateTimeParseException e) {
      f.problem("valid-for", "'" + s + "' is not a duration; allowed: Nd (days), Nh (hours) or"
          + " ISO 8601 (P90D, PT12H)");
      return null;
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_VALIDITY) > 0) {
      f.problem("valid-for", "'" + s + "' is out of range; KMS needs a ValidTo in the future and"
          + " at most 365 days ahead");
      return null;
    }
    return d;
  }
}
