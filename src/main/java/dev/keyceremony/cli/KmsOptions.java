package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.workflow.KmsOverride;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --endpoint-url}, {@code --region}, {@code --profile}: the same on every command that reads
 * a script's {@code kms:} section; each replaces that field of the section for this run, and the
 * transcript records the options, what the script said and what was used (fact {@code
 * kmsOverride}). A picocli mixin.
 */
final class KmsOptions {
  /** The name of the transcript fact. */
  static final String FACT = "kmsOverride";

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "use the KMS-compatible endpoint at URL (e.g. a ./ceremony local-kms on"
              + " another port) instead of the script's kms: section; recorded in the transcript")
  String endpointUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "use this AWS Region instead of kms.region; recorded in the transcript")
  String region;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "use AWS KMS with this AWS CLI profile instead of the script's kms: section;"
              + " recorded in the transcript")
  String profile;

  /** The override; throws IllegalArgumentException (exit 2) for a bad value. */
  KmsOverride override() {
    return new KmsOverride(endpointUrl, region, profile);
  }

  /** {@code s} with the override applied (unchanged when no option was given). */
  CeremonyScript apply(CeremonyScript s) {
    KmsOverride o = override();
    return o.any() ? s.withKms(o.apply(s.kms())) : s;
  }

  /** {@code environment} plus the override's fact about {@code original} (the script as read). */
  Map<String, Object> facts(CeremonyScript original, Map<String, Object> environment) {
    Map<String, Object> f = override().facts(original.kms());
    if (f == null) {
      return environment;
    }
    Map<String, Object> m = new LinkedHashMap<>(environment);
    m.put(FACT, f);
    return m;
  }
}
