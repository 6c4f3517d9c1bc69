package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** --help/-h and "did you mean" of ceremony kms, without the AWS CLI (KmsHelpAndTyposIT has it). */
class KmsHelpTest {
  @Test
  void firstPassHelp_isAnyHelpTokenBeforeDoubleDash() {
    assertThat(AwsKmsCli.asksFirstPassHelp(List.of("describe-key", "--help"))).isTrue();
    assertThat(AwsKmsCli.asksFirstPassHelp(List.of("-h"))).isTrue();
    assertThat(AwsKmsCli.asksFirstPassHelp(List.of("list-keys", "--he"))).isTrue();
    assertThat(AwsKmsCli.asksFirstPassHelp(List.of("describe-key", "--description=--help")))
        .isFalse();
    assertThat(AwsKmsCli.asksFirstPassHelp(List.of("describe-key", "--", "--help"))).isFalse();
    assertThat(AwsKmsCli.asksFirstPassHelp(List.of("describe-key", "help"))).isFalse();
  }

  @Test
  void closeMatches_areDifflibs() {
    assertThat(CloseMatches.ratio("abcd", "bcde")).isEqualTo(0.75);
    assertThat(CloseMatches.ratio("describe-kye", "describe-key")).isEqualTo(22.0 / 24);
    assertThat(CloseMatches.of("deccrypt", List.of("encrypt", "decrypt", "sign")))
        .containsExactly("decrypt", "encrypt");
    assertThat(CloseMatches.of("zzz", List.of("encrypt", "decrypt"))).isEmpty();
  }

  @Test
  void invalidOperation_endsWithMaybeYouMeant() {
    String m =
        ArgvParser.invalidChoice("operation", "describe-kye", List.of("describe-key", "help"));
    assertThat(m)
        .isEqualTo(
            "argument operation: Invalid choice, valid choices are:\n\n"
                + String.format("%-40s | %-40s", "describe-key", "help")
                + "\n\n\nInvalid choice: 'describe-kye', maybe you meant:\n\n  * describe-key");
  }
}
