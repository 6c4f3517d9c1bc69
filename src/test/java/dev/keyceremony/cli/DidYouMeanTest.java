package dev.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A mistyped command, subcommand or option gets "did you mean" and exit 2, on every level. */
class DidYouMeanTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rnu|Did you mean: ceremony run?",
        "pln|Did you mean: ceremony plan or ceremony pin?",
        "trnscript|Did you mean: ceremony transcript?",
        "hsm inof|Did you mean: ceremony hsm info?",
        "hsm list-key|Did you mean: ceremony hsm list-keys?",
        "transcript verfy|Did you mean: ceremony transcript verify?",
        "pin splt|Did you mean: ceremony pin split?",
        "run x.yaml --endpint-url http://h:1|Did you mean: --endpoint-url?",
        "status --regoin us-east-1|Did you mean: --region?",
        "local-kms --prot 1|Did you mean: --port?"
      })
  void typo_suggestsTheCommand(String line, String suggestion) {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), line.split(" "));
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains(suggestion);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"xyzzy", "hsm frobnicate"})
  void nothingClose_printsTheUsage(String line) {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), line.split(" "));
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).doesNotContain("Did you mean").contains("Usage: ceremony");
  }
}
