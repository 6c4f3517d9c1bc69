package dev.keyceremony.cli;

import dev.keyceremony.workflow.CeremonyRunner;
import dev.keyceremony.workflow.ReimportRequest;
import dev.keyceremony.workflow.Reimporter;
import dev.keyceremony.workflow.RunResult;
import dev.keyceremony.workflow.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony reimport BUNDLE_DIR}: imports a ceremony's material again, from its bundle. */
@Command(
    name = "reimport",
    mixinStandardHelpOptions = true,
    description = {
      "Imports the material of an earlier ceremony again (after it expired or was deleted with"
          + " DeleteImportedKeyMaterial, or to change its expiry), built from that ceremony's"
          + " bundle: nothing to copy or edit.",
      "The bundle must verify and its ceremony must have succeeded. From it come the key ARN, the"
          + " HSM object (label and CKA_ID, which must match), the KeyMaterialId and the original"
          + " script's roles, hsm, kms, wrapping and transcript signer.",
      "HSM: imports the new KMS wrapping key as a session object, wraps the existing object"
          + " inside the token (no new material), destroys the session object.",
      "KMS: DescribeKey, GetParametersForImport, ImportKeyMaterial (symmetric keys: ImportType"
          + " EXISTING_KEY_MATERIAL with the recorded KeyMaterialId, so KMS refuses any other"
          + " material), then the proof.",
      "The original ceremony's acknowledgements are not reused: --non-interactive takes them"
          + " from --acknowledgements FILE.",
      "A new bundle is written (next to the original unless --out); its line 1 records the"
          + " original bundle's path and the SHA-256 of its transcript.jsonl.",
      "Exit codes: as run."
    })
final class ReimportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "BUNDLE_DIR",
      description = "the bundle of the ceremony that imported the material")
  Path bundle;

  @ArgGroup(exclusive = true)
  ExpirationChoice expiration;

  /** At most one way to set the expiration; none keeps the original script's. */
  static final class ExpirationChoice {
    @Option(
        names = "--valid-for",
        paramLabel = "D",
        description = "the material expires D after the import: Nd, Nh or ISO 8601 (P90D)")
    String validFor;

    @Option(
        names = "--valid-to",
        paramLabel = "T",
        description = "the material expires at T: ISO 8601 (2027-01-31T00:00:00Z) or a date")
    String validTo;

    @Option(names = "--does-not-expire", description = "KEY_MATERIAL_DOES_NOT_EXPIRE")
    boolean doesNotExpire;
  }

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the new bundle goes (default: next to the original bundle)")
  Path out;

  @Mixin KmsOptions kms;

  @Mixin AcknowledgementOptions ack;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    String runId = ScriptLoader.newRunId(clock);
    ExpirationChoice x = expiration == null ? new ExpirationChoice() : expiration;
    ReimportRequest q =
        new ReimportRequest(bundle, x.validFor, x.validTo, x.doesNotExpire, out, runId);
    CeremonyRunner runner = new CeremonyRunner(o, e, clock, StopSignal.install(e::println));
    Map<String, Object> facts = new LinkedHashMap<>();
    RunResult r =
        new Reimporter(runner)
            .reimport(
                q,
                s -> {
                  facts.putAll(kms.facts(s, Map.of()));
                  s = kms.apply(s);
                  return ack.acknowledgements == null
                      ? s
                      : ScriptLoader.withAcknowledgements(s, ack.acknowledgements, clock, runId);
                },
                s -> CeremonyIo.participants(s, ack.nonInteractive, "reimport", o, e, clock, null),
                (source, dir, bytes) -> {
                  Map<String, Object> env =
                      new LinkedHashMap<>(EnvironmentFacts.collect(source, dir, bytes));
                  env.putAll(facts);
                  return env;
                });
    RunReport.print(o, e, r);
    return r.exitCode();
  }
}
