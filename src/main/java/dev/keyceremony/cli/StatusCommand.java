package dev.keyceremony.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.keyceremony.kms.KmsConfigException;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.workflow.ExpiryWatch;
import dev.keyceremony.workflow.KeyStatus;
import dev.keyceremony.workflow.StatusConnector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./ceremony status}: the expiry watch over every EXTERNAL key the caller can see. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Lists every EXTERNAL key the caller can see (in each --region) with its state, each key"
          + " material's ValidTo and days left, its KeyMaterialId, and the ceremony that imported"
          + " it (the tags kms-key-ceremony:ceremony-id and kms-key-ceremony:hsm-label, and the"
          + " newest verified bundle under --bundles).",
      "A key is due when a material expires within --within days, or when material it had is"
          + " gone (expired or deleted: the key is PendingImport); for each, the reimport command"
          + " is printed.",
      "KMS: ListKeys, DescribeKey, ListResourceTags, ListKeyRotations (IncludeKeyMaterial"
          + " ALL_KEY_MATERIAL, symmetric keys): reads only. HSM: not used.",
      "Exit codes: 0 nothing due within the window; 1 something is due (for cron and CI);"
          + " 2 invalid options; 3 KMS could not be read."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--within",
      paramLabel = "DAYS",
      defaultValue = "30",
      description = "the window in days (default ${DEFAULT-VALUE})")
  int within;

  @Option(
      names = "--bundles",
      paramLabel = "DIR",
      description = "a directory of bundles (e.g. ceremony-out) to match keys against")
  Path bundles;

  @Option(
      names = "--region",
      paramLabel = "R",
      description =
          "a Region to list; repeat for several (default: the configured Region,"
              + " us-east-1 with --endpoint-url)")
  List<String> regions = new ArrayList<>();

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "a KMS endpoint, e.g. a local KMS at http://127.0.0.1:4599")
  String endpointUrl;

  @Option(names = "--profile", paramLabel = "P", description = "a named AWS profile")
  String profile;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default) or json")
  String output;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    if (!output.equals("table") && !output.equals("json")) {
      e.println("status: --output '" + output + "' is not allowed; allowed: table, json");
      return ExitCodes.INVALID_INPUT;
    }
    if (within < 0 || within > 3650) {
      e.println("status: --within " + within + " is out of range; give 0 to 3650 days");
      return ExitCodes.INVALID_INPUT;
    }
    if (bundles != null && !Files.isDirectory(bundles)) {
      e.println(
          "status: --bundles "
              + bundles
              + " is not a directory; give the directory that"
              + " holds the ceremony bundles (transcript.out, e.g. ceremony-out)");
      return ExitCodes.INVALID_INPUT;
    }
    for (String r : regions) {
      if (!r.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
        e.println("status: --region '" + r + "' is not an AWS Region name; e.g. us-east-1");
        return ExitCodes.INVALID_INPUT;
      }
    }
    ExpiryWatch.Result r;
    try (StatusConnector c = StatusConnector.open(regions, endpointUrl, profile)) {
      r =
          new ExpiryWatch(Clock.systemUTC())
              .watch(
                  c.clients(),
                  within,
                  bundles == null ? null : bundles.toAbsolutePath().normalize());
    } catch (KmsConfigException | KmsException | IllegalArgumentException ex) {
      e.println(
          "status: KMS could not be read: "
              + ex.getMessage()
              + "; check --endpoint-url,"
              + " --region and --profile (and the credentials); nothing is known about expiry");
      return ExitCodes.SETUP_FAILED;
    }
    if (output.equals("json")) {
      o.println(json(r));
    } else {
      table(o, r);
    }
    o.flush();
    return r.anyDue() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private static void table(PrintWriter o, ExpiryWatch.Result r) {
    String fmt = "%-10s %-40s %-17s %-13s %-28s %-24s %5s  %s%n";
    o.printf(
        fmt,
        "REGION",
        "KEY",
        "SPEC",
        "STATE",
        "MATERIAL",
        "VALID-TO",
        "DAYS",
        "CEREMONY / HSM LABEL");
    for (KeyStatus k : r.keys()) {
      List<KeyStatus.Material> ms =
          k.materials().isEmpty()
              ? List.of(new KeyStatus.Material(null, null, null, null, null, null))
              : k.materials();
      boolean first = true;
      for (KeyStatus.Material m : ms) {
        o.printf(
            fmt,
            first ? k.region() : "",
            first ? k.keyId() : "",
            first ? k.keySpec() : "",
            first ? k.keyState() : "",
            m.keyMaterialId() == null
                ? (m.importState() == null ? "-" : "(one)")
                : m.keyMaterialId().substring(0, 12)
                    + "..."
                    + (m.keyMaterialState() == null ? "" : " " + m.keyMaterialState()),
            m.validTo() == null
                ? (m.expirationModel() == null ? "-" : "does not expire")
                : m.validTo().toString(),
            m.daysLeft() == null ? "-" : m.daysLeft().toString(),
            first
                ? (k.ceremonyId() == null ? "-" : k.ceremonyId())
                    + (k.hsmLabel() == null ? "" : " / " + k.hsmLabel())
                : "");
        first = false;
      }
    }
    long due = r.keys().stream().filter(KeyStatus::due).count();
    o.println();
    o.println(
        r.keys().size()
            + " EXTERNAL key(s); "
            + due
            + " due within "
            + r.withinDays()
            + " day(s) (now "
            + r.now()
            + ")"
            + (r.bundlesIndexed() > 0 || !r.bundlesRejected().isEmpty()
                ? "; " + r.bundlesIndexed() + " succeeded bundle(s) indexed"
                : ""));
    for (Path p : r.bundlesRejected()) {
      o.println("  ignored (does not verify): " + p);
    }
    for (KeyStatus k : r.keys()) {
      if (k.due()) {
        o.println("DUE " + k.arn() + ": " + k.reason());
        o.println("  next: " + k.next());
      }
    }
  }

  private static String json(ExpiryWatch.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("now", r.now().toString());
    m.put("withinDays", r.withinDays());
    m.put("due", r.anyDue());
    List<Object> keys = new ArrayList<>();
    for (KeyStatus k : r.keys()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("region", k.region());
      x.put("keyId", k.keyId());
      x.put("arn", k.arn());
      x.put("keySpec", k.keySpec());
      x.put("keyState", k.keyState());
      x.put("multiRegion", k.multiRegion());
      List<Object> ms = new ArrayList<>();
      for (KeyStatus.Material mt : k.materials()) {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("keyMaterialId", mt.keyMaterialId());
        y.put("keyMaterialState", mt.keyMaterialState());
        y.put("importState", mt.importState());
        y.put("expirationModel", mt.expirationModel());
        y.put("validTo", mt.validTo() == null ? null : mt.validTo().toString());
        y.put("daysLeft", mt.daysLeft());
        ms.add(y);
      }
      x.put("materials", ms);
      x.put("daysLeft", k.daysLeft());
      x.put("ceremonyId", k.ceremonyId());
      x.put("hsmLabel", k.hsmLabel());
      x.put("bundle", k.bundle() == null ? null : k.bundle().toString());
      x.put("due", k.due());
      x.put("reason", k.reason());
      x.put("next", k.next());
      keys.add(x);
    }
    m.put("keys", keys);
    m.put("bundlesIndexed", r.bundlesIndexed());
    m.put("bundlesRejected", r.bundlesRejected().stream().map(Path::toString).toList());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
