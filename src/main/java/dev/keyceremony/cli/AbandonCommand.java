package dev.keyceremony.cli;

import dev.keyceremony.workflow.Abandoner;
import dev.keyceremony.workflow.CeremonyRunner;
import dev.keyceremony.workflow.RunResult;
import dev.keyceremony.workflow.StopSignal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ceremony abandon BUNDLE_DIR}: undoes what an unfinished ceremony created. */
@Command(
    name = "abandon",
    mixinStandardHelpOptions = true,
    description = {
      "Undoes what an unfinished ceremony created, and only that.",
      "KMS: ScheduleKeyDeletion (after the waiting period) for a key the ceremony created that"
          + " never received material, DeleteAlias for its alias. HSM: destroys the object the"
          + " ceremony generated that no KMS key received (after you type its label, unless"
          + " --yes). Refuses, by name, anything that received material.",
      "Every action is recorded (intent and result) in the same signed bundle; afterwards"
          + " 'resume' refuses it.",
      "Exit codes: 0 undone (or already abandoned); 1 something was refused or the ceremony"
          + " completed; 2 invalid input; 4 the bundle does not verify (nothing touched)."
    })
final class AbandonCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "the ceremony's bundle")
  Path bundle;

  @Option(
      names = "--pending-window-days",
      paramLabel = "N",
      defaultValue = "30",
      description = "ScheduleKeyDeletion's waiting period, 7 to 30 days (default ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--yes", description = "destroy the generated HSM object without asking")
  boolean yes;

  @Mixin KmsOptions kms;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    CeremonyRunner runner = new CeremonyRunner(o, e, Clock.systemUTC(), StopSignal.none());
    RunResult r =
        new Abandoner(runner)
            .abandon(
                bundle.toAbsolutePath().normalize(),
                days,
                label -> yes || confirm(o, label),
                kms::apply);
    if (r.report() != null) {
      o.println("Transcript: " + r.bundle() + " - " + r.report().summary());
    }
    return r.exitCode();
  }

  /** Typed confirmation: the operator types the label of the object to destroy. */
  private static boolean confirm(PrintWriter o, String label) {
    if (System.console() == null) {
      o.println(
          "HSM object '"
              + label
              + "' is kept: there is no terminal to confirm its"
              + " destruction; run again with --yes to destroy it");
      return false;
    }
    o.println(
        "Destroy HSM object '"
            + label
            + "'? No KMS key received its material."
            + " Type the label to destroy it, anything else to keep it:");
    o.flush();
    try {
      BufferedReader in = CeremonyIo.terminal();
      String line = in.readLine();
      return label.equals(line == null ? null : line.strip());
    } catch (IOException ex) {
      return false;
    }
  }
}
