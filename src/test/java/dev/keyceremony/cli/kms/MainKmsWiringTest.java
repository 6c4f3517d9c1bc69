package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyceremony.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code ceremony kms ...} reaches the AWS-style parser untouched through picocli. */
class MainKmsWiringTest {
  @Test
  void kmsSubcommand_passesTheLineThrough_andReturnsTheCliExitCode() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "kms",
            "--region",
            "us-east-1",
            "import-key-material",
            "--key-id",
            "k",
            "--output",
            "json");
    assertThat(code).isEqualTo(252);
    assertThat(err.toString())
        .contains("usage: ceremony [options] <command> <subcommand>")
        .endsWith(
            "ceremony: error: the following arguments are required: --import-token,"
                + " --encrypted-key-material\n");
  }

  @Test
  void skeleton_throughMain() {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "kms",
            "list-keys",
            "--generate-cli-skeleton");
    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo("{\n    \"Limit\": 0,\n    \"Marker\": \"\"\n}\n");
  }
}
