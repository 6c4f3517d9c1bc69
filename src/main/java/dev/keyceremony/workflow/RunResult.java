package dev.keyceremony.workflow;

import dev.keyceremony.ceremony.Outcome;
import dev.keyceremony.transcript.VerificationReport;
import java.nio.file.Path;

/** What one {@code run} left: exit code, bundle directory, outcome and verification (nullable). */
public record RunResult(int exitCode, Path bundle, Outcome outcome, VerificationReport report) {
  public static RunResult early(int exitCode) {
    return new RunResult(exitCode, null, null, null);
  }
}
