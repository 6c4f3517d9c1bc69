package dev.keyceremony.cli.kms;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ceremony kms <command> ...}: hands the rest of the line, untouched, to {@link AwsKmsCli},
 * which parses it as the AWS CLI does (picocli's own parsing would change its errors).
 */
@Command(
    name = "kms",
    description =
        "AWS KMS commands with AWS CLI v2 options, output and exit codes"
            + " (import-key-material, get-parameters-for-import, create-key, describe-key,"
            + " delete-imported-key-material, list-keys, list-aliases).")
public final class KmsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return new AwsKmsCli(out, err, System.getenv(), Terminal.system()).run(args);
  }
}
