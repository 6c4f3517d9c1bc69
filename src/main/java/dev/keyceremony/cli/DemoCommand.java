package dev.keyceremony.cli;

import dev.keyceremony.ceremony.ScriptedParticipants;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.HsmSection;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.PinSource;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.HsmLocator;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.workflow.CeremonyRunner;
import dev.keyceremony.workflow.HsmConnector;
import dev.keyceremony.workflow.HsmTranscriptSigner;
import dev.keyceremony.workflow.RunResult;
import dev.keyceremony.workflow.StopSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ceremony demo}: complete ceremonies on embedded defaults. Sets up the SoftHSM2 token
 * {@code ceremony-dev} and the signer key when missing, starts an in-process local KMS, runs one
 * non-interactive ceremony per key spec with fresh labels, verifies every transcript, and says what
 * the bundles prove and how to check them with OpenSSL.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs complete ceremonies on embedded defaults: SoftHSM2 token ceremony-dev (created when"
          + " missing), signer key ceremony-signer (created when missing), an in-process local"
          + " KMS, one ceremony per key spec. Safe to run repeatedly: every run uses new labels."
    })
final class DemoCommand implements Callable<Integer> {
  static final String TOKEN = "ceremony-dev";
  static final String SIGNER = "ceremony-signer";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the bundles go (default: ceremony-out/demo under the project root)")
  Path out;

  @Option(
      names = "--specs",
      split = ",",
      paramLabel = "SPEC",
      description = "key specs to run (default: ${DEFAULT-VALUE})")
  List<KeySpec> specs =
      List.of(KeySpec.SYMMETRIC_DEFAULT, KeySpec.HMAC_256, KeySpec.ECC_NIST_P256, KeySpec.RSA_2048);

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    return demo(o, e);
  }

  private int demo(PrintWriter o, PrintWriter e) {
    Path home = ProjectHome.find();
    o.println("[1/4] SoftHSM2 token '" + TOKEN + "' (softhsm-config/ensure-softhsm.sh)");
    String rig = SoftHsmRig.ensure(home, TOKEN);
    if (rig != null) {
      e.println(rig.strip());
      return ExitCodes.SETUP_FAILED;
    }
    Path conf = ProjectHome.softhsmConf(home);
    if (System.getenv("SOFTHSM2_CONF") == null) {
      e.println(
          "SOFTHSM2_CONF is not set for this process, so SoftHSM2 would not find the"
              + " project's tokens; run it as ./ceremony demo (the launcher sets it) or export"
              + " SOFTHSM2_CONF="
              + conf);
      return ExitCodes.SETUP_FAILED;
    }
    Path module = HsmLocator.SOFTHSM_MODULE;
    HsmSection hsm =
        new HsmSection(
            module,
            TOKEN,
            PinSource.parse("file:" + home.resolve(".softhsm/" + TOKEN + ".user.pin")),
            null);
    o.println("[2/4] transcript signer '" + SIGNER + "' in the token");
    try (HsmConnector.Connection a = HsmConnector.connect(hsm)) {
      SignerKey s =
          a.session()
              .findSigner(SIGNER)
              .orElseGet(
                  () -> {
                    o.println("      creating it (EC P-384, non-extractable)");
                    return a.session().createSigner(SIGNER);
                  });
      o.println(
          "      signer SHA-256 "
              + new HsmTranscriptSigner(a.session().evidence(), s).signerFingerprint());
    } catch (HsmException | IllegalArgumentException ex) {
      e.println("HSM: " + ex.getMessage());
      return ExitCodes.SETUP_FAILED;
    }
    o.println("[3/4] in-process local KMS");
    LocalKms kms;
    try {
      kms = LocalKms.builder().port(0).start();
    } catch (IOException ex) {
      e.println("the local KMS could not start: " + ex.getMessage());
      return ExitCodes.SETUP_FAILED;
    }
    List<RunResult> results = new ArrayList<>();
    try (kms) {
      o.println("      " + kms.endpoint());
      o.println("[4/4] ceremonies: " + specs);
      Clock clock = Clock.systemUTC();
      for (KeySpec ks : specs) {
        String runId = ScriptLoader.newRunId(clock);
        String yaml =
            template()
                .replace("@SPEC@", ks.name())
                .replace("@KEY_SPEC_LOWER@", ks.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .replace("@ENDPOINT@", kms.endpoint().toString())
                .replace("@MODULE@", module.toString());
        CeremonyScript s = new ScriptParser(clock, runId).parse(yaml, "demo " + ks, home);
        if (out != null) {
          s = s.withTranscriptOut(out.toAbsolutePath().normalize());
        }
        o.println();
        o.println("== " + ks);
        CeremonyRunner runner = new CeremonyRunner(o, e, clock, StopSignal.none());
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        RunResult r =
            runner.run(
                s,
                bytes,
                runId,
                EnvironmentFacts.collect("demo (embedded " + ks + ")", home, bytes),
                new ScriptedParticipants(s.acknowledgements(), clock));
        RunReport.print(o, e, r);
        results.add(r);
        if (r.exitCode() != ExitCodes.OK) {
          return r.exitCode();
        }
      }
    }
    summary(o, results);
    return ExitCodes.OK;
  }

  private static String template() {
    try (InputStream in = DemoCommand.class.getResourceAsStream("demo-script.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException ex) {
      throw new IllegalStateException("demo-script.yaml is missing from the jar", ex);
    }
  }

  private static void summary(PrintWriter o, List<RunResult> results) {
    o.println();
    o.println("Demo complete. Bundles (transcript.jsonl, transcript.sig, signer.pem):");
    results.forEach(r -> o.println("  " + r.bundle()));
    o.println();
    o.println("What they prove: each key's material was generated inside the SoftHSM2 token,");
    o.println("wrapped there under the one-time KMS wrapping key, imported, and then checked:");
    o.println("HMAC equality, public key equality plus signatures both ways, or (AES) check");
    o.println("values and an encrypt/decrypt round trip. Every step, KMS request ID and");
    o.println("acknowledgement is in a hash chain signed by the token's signer key.");
    o.println("What they do not prove: SoftHSM2 is software, not certified hardware; the local");
    o.println("KMS is this project's emulator, not AWS; the acknowledgements were pre-recorded");
    o.println(
        "(non-interactive), not given by people; for AES keys the round trip shows KMS holds");
    o.println("usable material, and the binding to the HSM object rests on the wrapped import.");
    Path first = results.get(0).bundle();
    String fp = results.get(0).report().signerFingerprint();
    o.println();
    o.println("Check a bundle (the signer pinned to the token's key, SHA-256 " + fp + "):");
    o.println("  " + dev.keyceremony.transcript.BundleFiles.pinnedVerifyCommand(first, fp));
    o.println(
        "  ./ceremony transcript report "
            + first
            + " --signer-fingerprint "
            + fp
            + " --out "
            + first.resolve("report.html"));
    o.println(
        "  without this tool: "
            + dev.keyceremony.transcript.BundleFiles.opensslVerifyCommand(first));
    String openssl = Openssl.verify(first);
    if (openssl != null) {
      o.println("  (ran it: " + openssl + ")");
    }
  }
}
