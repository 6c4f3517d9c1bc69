package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.Participants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.ceremony.script.ScriptParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code reimport BUNDLE}: reads a sealed, verified bundle of a ceremony that imported material,
 * writes the reimport's script from it ({@link ReimportScript}: key ARN, HSM label and CKA_ID,
 * KeyMaterialId, the original roles, hsm, kms, wrapping and transcript signer) and runs it as a new
 * ceremony whose line 1 names the original bundle and the SHA-256 of its transcript. For a
 * symmetric key the import is sent as EXISTING_KEY_MATERIAL with the recorded KeyMaterialId, so KMS
 * itself refuses any other material.
 */
public final class Reimporter {
  /** Tool, JVM and script facts for line 1 (the cli collects them). */
  @FunctionalInterface
  public interface Environment {
    Map<String, Object> collect(String scriptSource, Path scriptDirectory, byte[] scriptBytes);
  }

  private final CeremonyRunner runner;

  public Reimporter(CeremonyRunner runner) {
    this.runner = runner;
  }

  /**
   * @param acknowledgements applied to the reimport script (e.g. --acknowledgements FILE)
   * @param participants makes the participants (null: the cli already said why it cannot)
   */
  public RunResult reimport(
      ReimportRequest q,
      Function<CeremonyScript, CeremonyScript> acknowledgements,
      Function<CeremonyScript, Participants> participants,
      Environment environment) {
    ReimportSource src;
    try {
      src = ReimportSource.read(q.bundle());
    } catch (BundleOpener.Refusal r) {
      runner.err.println(r.getMessage());
      return RunResult.early(r.exit);
    }
    Path out = q.out() != null ? q.out().toAbsolutePath().normalize() : src.bundle().getParent();
    byte[] bytes =
        ReimportScript.build(
            src, new ReimportScript.Expiration(q.validFor(), q.validTo(), q.doesNotExpire()), out);
    String source = "reimport of " + src.bundle();
    CeremonyScript s;
    try {
      s =
          new ScriptParser(runner.clock, q.runId())
              .parse(new String(bytes, StandardCharsets.UTF_8), source, src.scriptDirectory());
    } catch (ScriptException e) {
      runner.err.println(e.getMessage());
      runner.err.println(
          "reimport: the script built from "
              + src.bundle()
              + " does not"
              + " validate (shown above); the expiration can be set with --valid-for D, --valid-to T"
              + " or --does-not-expire; the other sections are the original ceremony's. Nothing was"
              + " touched");
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    s = acknowledgements.apply(s);
    Participants p = participants.apply(s);
    if (p == null) {
      return RunResult.early(ExitStatus.INVALID_INPUT);
    }
    runner.out.println(
        "Reimport: "
            + src.hsmLabel()
            + " (CKA_ID "
            + src.hsmIdHex()
            + ") into "
            + src.keyArn()
            + (src.keyMaterialId() == null ? "" : ", KeyMaterialId " + src.keyMaterialId())
            + ", as recorded by ceremony "
            + src.ceremonyId()
            + " (transcript SHA-256 "
            + src.transcriptSha256()
            + ")");
    Map<String, Object> env =
        new LinkedHashMap<>(environment.collect(source, src.scriptDirectory(), bytes));
    env.put("reimportOf", src.link());
    return runner.run(s, bytes, q.runId(), env, p);
  }
}
