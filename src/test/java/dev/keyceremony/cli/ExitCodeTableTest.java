package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.ceremony.CeremonyFailure;
import dev.keyceremony.ceremony.CeremonyInterrupted;
import dev.keyceremony.ceremony.script.Problem;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.kms.KmsConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The exit-code table (docs/decisions/0019-issue15-exit-codes.md): each kind of failure a command
 * throws, through the one handler Main installs, to its documented code and message; and the
 * command-line errors to 2. The transcript verdicts (4-8) have their own matrix ({@link
 * VerdictMatrixTest}).
 */
class ExitCodeTableTest {
  static Stream<Arguments> thrown() {
    return Stream.of(
        Arguments.of(
            new ScriptException("s.yaml", List.of(new Problem("kms.region", "bad"))),
            ExitCodes.INVALID_INPUT,
            "kms.region"),
        Arguments.of(
            new IllegalArgumentException("--wrapping-key-spec 'RSA_1' is not known"),
            ExitCodes.INVALID_INPUT,
            "error: --wrapping-key-spec 'RSA_1' is not known"),
        Arguments.of(
            new KmsConfigException("profile 'nope' not found"),
            ExitCodes.SETUP_FAILED,
            "error: profile 'nope' not found"),
        Arguments.of(
            new HsmException(HsmException.Reason.PIN_INCORRECT, "PIN incorrect"),
            ExitCodes.FAILED,
            "error: PIN incorrect [PIN_INCORRECT]"),
        Arguments.of(
            new CeremonyFailure(
                dev.keyceremony.ceremony.FailCause.KEY_STATE, "key is PendingDeletion", "fix it"),
            ExitCodes.FAILED,
            "key is PendingDeletion; fix it"),
        Arguments.of(
            new CeremonyInterrupted("before step wrap-import"),
            ExitCodes.INTERRUPTED,
            "before step wrap-import"),
        // Unexpected: failed (1) with its class named, never "setup failed" (3).
        Arguments.of(
            new UncheckedIOException(new java.io.IOException("disk full")),
            ExitCodes.FAILED,
            "x: unexpected error: UncheckedIOException: java.io.IOException: disk full"),
        Arguments.of(
            new IllegalStateException("boom"),
            ExitCodes.FAILED,
            "x: unexpected error: IllegalStateException: boom"));
  }

  @ParameterizedTest
  @MethodSource("thrown")
  void thrownByACommand_exitsWithTheDocumentedCode(Exception e, int code, String message) {
    StringWriter err = new StringWriter();
    int got = UnexpectedAfterImportTest.commandThatThrows("x", e, err).execute();
    assertThat(got).isEqualTo(code);
    assertThat(Failures.exitCode(e)).isEqualTo(code);
    assertThat(err.toString()).contains(message);
  }

  static Stream<Arguments> commandLines() {
    return Stream.of(
        Arguments.of(new String[] {"--version"}, ExitCodes.OK),
        Arguments.of(new String[] {"run", "--help"}, ExitCodes.OK),
        Arguments.of(new String[] {"rnu"}, ExitCodes.INVALID_INPUT),
        Arguments.of(new String[] {"run"}, ExitCodes.INVALID_INPUT),
        Arguments.of(new String[] {"run", "a.yaml", "--no-such-option"}, ExitCodes.INVALID_INPUT),
        Arguments.of(new String[] {"hsm", "info", "--wrapping-key-spec"}, ExitCodes.INVALID_INPUT),
        // ceremony kms keeps the AWS CLI's codes: 252 for a bad command line.
        Arguments.of(new String[] {"kms", "describe-kye"}, 252));
  }

  @ParameterizedTest
  @MethodSource("commandLines")
  void commandLine_exitsWithTheDocumentedCode(String[] args, int code) {
    assertThat(
            Main.run(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args))
        .isEqualTo(code);
  }

  @org.junit.jupiter.api.Test
  void codes_areDistinct_andKmsIsLeftAlone() {
    assertThat(
            List.of(
                ExitCodes.OK,
                ExitCodes.FAILED,
                ExitCodes.INVALID_INPUT,
                ExitCodes.SETUP_FAILED,
                ExitCodes.TRANSCRIPT_INVALID,
                ExitCodes.TRANSCRIPT_INCOMPLETE,
                ExitCodes.TRANSCRIPT_UNSIGNED,
                ExitCodes.TRANSCRIPT_CEREMONY_FAILED,
                ExitCodes.TRANSCRIPT_SIGNER_NOT_PINNED,
                ExitCodes.INTERRUPTED))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 130);
    CommandLine kms = Main.commandLine("kms").getSubcommands().get("kms");
    assertThat(Failures.inKmsGroup(kms)).isTrue();
    assertThat(Failures.inKmsGroup(Main.commandLine("run").getSubcommands().get("run"))).isFalse();
  }
}
