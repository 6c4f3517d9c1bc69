package dev.keyceremony.cli;

import dev.keyceremony.localkms.AccountCredentials;
import dev.keyceremony.localkms.CredentialsFile;
import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.localkms.LocalKms;
import dev.keyceremony.localkms.MutableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ceremony local-kms}: runs the local KMS until SIGINT/SIGTERM. */
@Command(
    name = "local-kms",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local, KMS-compatible server (awsJson1.1 + SigV4) for the import surface.",
      "Prints its endpoint URL as the first line, then serves until SIGINT/SIGTERM."
    })
public final class LocalKmsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port = 4599;

  @Option(names = "--bind", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String bind = "127.0.0.1";

  @Option(names = "--allow-non-loopback", description = "Allow binding a non-loopback address.")
  boolean allowNonLoopback;

  @Option(names = "--state-dir", description = "Directory for durable state (default: in memory).")
  Path stateDir;

  @Option(names = "--account", description = "Account ID of the default credentials pair.")
  String account;

  @Option(
      names = "--credentials",
      description =
          "AWS shared-credentials INI file: aws_access_key_id, aws_secret_access_key,"
              + " aws_account_id per section.")
  Path credentials;

  @Option(names = "--clock-offset", description = "Shift KMS time by SECONDS (may be negative).")
  long clockOffsetSeconds;

  @Option(names = "--fault-throttle-rate", description = "Share of requests throttled (0..1).")
  double throttleRate;

  @Option(names = "--fault-error-rate", description = "Share answered with HTTP 500 (0..1).")
  double errorRate;

  @Option(names = "--fault-delay-rate", description = "Share of requests delayed (0..1).")
  double delayRate;

  @Option(names = "--fault-delay-ms", description = "Delay for delayed requests, ms.")
  long delayMillis = 1000;

  @Option(names = "--fault-seed", description = "Seed for the fault draws.")
  long seed = 1;

  @Option(names = "--emulate-quotas", description = "Throttle import operations at AWS quotas.")
  boolean emulateQuotas;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalKms.Builder b;
    try {
      b =
          LocalKms.builder()
              .port(port)
              .bind(bind)
              .allowNonLoopback(allowNonLoopback)
              .stateDir(stateDir)
              .clock(new MutableClock(Clock.systemUTC(), Duration.ofSeconds(clockOffsetSeconds)))
              .faults(new FaultSettings(throttleRate, errorRate, delayRate, delayMillis, seed))
              .emulateQuotas(emulateQuotas);
      if (credentials != null) {
        List<AccountCredentials> list = CredentialsFile.read(credentials);
        b.credentials(list);
      }
      if (account != null) {
        if (credentials != null) {
          throw new IllegalArgumentException(
              "--account applies to the default credentials only; put aws_account_id in the"
                  + " --credentials file instead");
        }
        b.account(account);
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("local-kms: " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    LocalKms kms;
    try {
      kms = b.start();
    } catch (IllegalArgumentException | IOException e) {
      err.println(
          "local-kms: cannot start on "
              + bind
              + ":"
              + port
              + ": "
              + e.getMessage()
              + (e instanceof java.net.BindException
                  ? "; another process (perhaps another local-kms) holds the port: stop it, or choose"
                      + " another with --port N (--port 0 picks a free one)"
                  : ""));
      return ExitCodes.INVALID_INPUT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kms.close();
                  stopped.countDown();
                },
                "local-kms-shutdown"));
    out.println(kms.endpoint());
    out.println(
        "local KMS serving account "
            + kms.accountId()
            + " (access key "
            + kms.defaultCredentials().accessKeyId()
            + "), any Region; state "
            + (stateDir == null ? "in memory" : "in " + stateDir)
            + ". Ctrl-C stops it.");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
