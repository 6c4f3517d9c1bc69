package dev.keyceremony.cli;

import dev.keyceremony.transcript.BundleFiles;
import dev.keyceremony.transcript.VerificationReport;
import dev.keyceremony.transcript.report.AuditReport;
import dev.keyceremony.transcript.report.HtmlReportRenderer;
import dev.keyceremony.transcript.report.MarkdownReportRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ceremony transcript report DIR [--format html|markdown] [--out FILE]}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the auditor's report of a bundle: both verdicts at the top; what and why; who (roles, every"
          + " approval and confirmation with time and how it was given); where (host, HSM module and hash,"
          + " token, KMS account, Region, key ARN); the wrapping key fingerprint; a timeline; the proofs and"
          + " what they do not prove; every KMS request ID; errors and interruptions; evidence hashes; a"
          + " BR 6.1.1.1 evidence map.",
      "HTML is one self-contained page (no network, scripts or external files) that prints on A4;"
          + " Markdown is for tickets. The exit code is that of 'transcript verify' with the same pins."
    })
final class TranscriptReportCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    html,
    markdown
  }

  @Spec CommandSpec spec;

  @Mixin TranscriptBundleArgs bundle;

  @Option(names = "--format", paramLabel = "FORMAT", description = "html (default) or markdown")
  Format format = Format.html;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write to FILE (a new file; default: stdout)")
  Path out;

  @Override
  public Integer call() {
    Optional<VerificationReport> verified = bundle.verify();
    if (verified.isEmpty()) {
      return ExitCodes.INVALID_INPUT;
    }
    VerificationReport r = verified.get();
    AuditReport report =
        AuditReport.build(
            r,
            new AuditReport.Context(
                bundle.dir.toString(),
                Files.exists(BundleFiles.script(bundle.dir)),
                pinnedCommand(),
                "ceremony " + Version.get()));
    String text =
        format == Format.html
            ? HtmlReportRenderer.render(report)
            : MarkdownReportRenderer.render(report);
    PrintWriter o = spec.commandLine().getOut();
    if (out == null) {
      o.print(text);
      o.flush();
      return ExitCodes.of(r.status());
    }
    try {
      Files.writeString(
          out,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          spec.qualifiedName()
              + ": --out "
              + out
              + " already exists; a report is never overwritten:"
              + " choose another file name or remove it first");
      err.flush();
      return ExitCodes.INVALID_INPUT;
    } catch (IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          spec.qualifiedName()
              + ": cannot write --out "
              + out
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); check the directory exists and is writable");
      err.flush();
      return ExitCodes.INVALID_INPUT;
    }
    o.println(r.headline());
    o.println("Report written: " + out);
    o.flush();
    return ExitCodes.of(r.status());
  }

  private String pinnedCommand() {
    StringBuilder b = new StringBuilder("./ceremony transcript verify " + bundle.dir);
    if (bundle.signerFingerprint != null) {
      b.append(" --signer-fingerprint ").append(bundle.signerFingerprint);
    }
    bundle.trust.forEach(t -> b.append(" --trust ").append(t));
    return b.toString();
  }
}
