package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony run SCRIPT.yaml}: carries out a ceremony end to end. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Carries out a key ceremony end to end and leaves a signed transcript bundle.",
      "HSM: generates (or finds) the key material, imports the KMS wrapping key as a session"
          + " object, wraps inside the token, destroys the session objects.",
      "KMS: CreateKey (when asked), GetParametersForImport, ImportKeyMaterial, then read-only and"
          + " crypto calls for the proof.",
      "Exit codes: 0 done and verified; 1 failed (recorded in the signed transcript); 2 invalid"
          + " input; 3 setup failed before the ceremony could start (recorded in an unsigned"
          + " transcript, or a signed one for a kms section that gives no client); 4 transcript"
          + " did not verify."
    })
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCRIPT.yaml", description = "the ceremony script")
  Path script;

  @Option(names = "--non-interactive",
      description = "take approvals and confirmations from the script's acknowledgements or"
          + " --acknowledgements FILE instead of prompting")
  boolean nonInteractive;

  @Option(names = "--out", paramLabel = "DIR",
      description = "overrides transcript.out (relative to the current directory)")
  Path out;

  @Option(names = "--acknowledgements", paramLabel = "FILE",
      description = "YAML with approvals: [custodians] and confirmations: [witnesses]")
  Path acknowledgements;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    Clock clock = Clock.systemUTC();
    String runId = ScriptLoader.newRunId(clock);
    CeremonyScript s;
    byte[] scriptBytes;
    try {
      scriptBytes = ScriptLoader.read(script); // once: hashed, parsed and kept are the same bytes
      s = ScriptLoader.load(scriptBytes, script, out, acknowledgements, clock, runId);
    } catch (ScriptException ex) {
      e.println(ex.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    if (!nonInteractive && System.console() == null) {
      e.println("run: there is no terminal for the custodians' and witnesses' prompts; use"
          + " --non-interactive with acknowledgements in the script or --acknowledgements FILE;"
          + " nothing was done");
      return ExitCodes.INVALID_INPUT;
    }
    // Prompts read through the console when there is one, the same source as the PIN prompts.
    java.io.Console console = System.console();
    CeremonyRunner runner = new CeremonyRunner(o, e, clock, new BufferedReader(console != null
        ? console.reader() : new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    try {
      RunResult r = runner.run(s, runId,
          EnvironmentFacts.collect(script.toString(), scriptBytes), nonInteractive, scriptBytes);
      runner.report(r);
      return r.exitCode();
    } catch (RuntimeException ex) {
      return ExitCodes.unexpected(e, "run", ex, debug.on);
    }
  }
}
