package dev.keyceremony.cli;

import dev.keyceremony.hsm.HsmException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Runs a command body and maps failures to exit codes: 0 ok, 1 device (HSM) errors, 2 usage
 * errors (bad option values). Messages go to stderr; stack traces only with {@code --debug}.
 */
public final class CommandErrors {
  public static final int OK = 0;
  public static final int DEVICE = 1;
  public static final int USAGE = 2;

  private CommandErrors() {}

  public static int run(CommandLine.Model.CommandSpec spec, boolean debug, Callable<Integer> body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.call();
    } catch (HsmException e) {
      err.println("error: " + e.getMessage() + " [" + e.reason() + "]");
      trace(err, debug, e);
      return DEVICE;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      trace(err, debug, e);
      return USAGE;
    } catch (Exception e) {
      err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + (debug ? "" : " (run with --debug for details)"));
      trace(err, debug, e);
      return DEVICE;
    } finally {
      err.flush();
    }
  }

  private static void trace(PrintWriter err, boolean debug, Exception e) {
    if (debug) {
      e.printStackTrace(err);
    }
  }
}
