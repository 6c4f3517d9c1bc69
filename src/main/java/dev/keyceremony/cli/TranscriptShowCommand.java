package dev.keyceremony.cli;

import dev.keyceremony.transcript.JsonReportRenderer;
import dev.keyceremony.transcript.TimelineRenderer;
import dev.keyceremony.transcript.VerificationReport;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ceremony transcript show DIR [--json]}. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a transcript with both verdicts at the top, then each entry (seq, time, elapsed, type,"
          + " duration, actor) with every fact of its data whole (ARNs, names, outcome, causes), wrapped to"
          + " the terminal width (80 columns when not a terminal). Entries are shown even when verification"
          + " fails; the exit code is that of 'transcript verify' with the same pins."
    })
final class TranscriptShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TranscriptBundleArgs bundle;

  @Option(names = "--json", description = "Print the verification result and every entry as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Optional<VerificationReport> verified = bundle.verify();
    if (verified.isEmpty()) {
      return ExitCodes.INVALID_INPUT;
    }
    VerificationReport r = verified.get();
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        json
            ? JsonReportRenderer.render(r)
            : TimelineRenderer.render(r, dev.keyceremony.cli.kms.Terminal.system().width()));
    out.flush();
    return ExitCodes.of(r.status());
  }
}
