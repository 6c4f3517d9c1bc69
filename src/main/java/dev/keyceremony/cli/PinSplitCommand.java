package dev.keyceremony.cli;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.pinshare.PinShare;
import dev.keyceremony.core.pinshare.PinShares;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./ceremony pin split --shares N --threshold M [--out DIR]}. */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the HSM user PIN at a no-echo prompt (twice) and writes N share files, any M of"
          + " which recover it (Shamir over GF(256)). Give one file to each custodian; a script"
          + " with hsm.user-pin: shares:M then asks M of them to type their share.",
      "Touches neither the HSM nor KMS. Share files are created new (mode 600), never"
          + " overwritten; the PIN and the shares are never printed."
    })
final class PinSplitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--shares",
      required = true,
      paramLabel = "N",
      description = "how many shares to write (2-255)")
  int shares;

  @Option(
      names = "--threshold",
      required = true,
      paramLabel = "M",
      description = "how many shares recover the PIN (2..N)")
  int threshold;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "directory for the share files (default: pin-shares-SPLIT in the current"
              + " directory); created if missing")
  Path out;

  @Option(
      names = "--pin",
      paramLabel = "SOURCE",
      defaultValue = "prompt",
      description =
          "where the PIN comes from: prompt (default), env:NAME or file:PATH; never the"
              + " PIN itself")
  String pinSpec;

  @Mixin DebugOption debug;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    if (threshold < 2 || shares < threshold || shares > 255) {
      e.println(
          "pin split: --shares "
              + shares
              + " --threshold "
              + threshold
              + ": need 2 <="
              + " threshold <= shares <= 255 (e.g. --shares 3 --threshold 2); nothing was written");
      return ExitCodes.INVALID_INPUT;
    }
    List<PinShare> list;
    try (Secret pin = readPin()) {
      list = PinShares.split(pin, shares, threshold, new SecureRandom());
      selfCheck(pin, list);
    } catch (IllegalArgumentException ex) {
      e.println("pin split: " + ex.getMessage() + "; nothing was written");
      return ExitCodes.INVALID_INPUT;
    }
    String split = list.get(0).split();
    Path dir = out != null ? out : Path.of("pin-shares-" + split);
    try {
      Files.createDirectories(dir);
      for (PinShare s : list) {
        write(dir.resolve(fileName(s)), s);
      }
    } catch (FileAlreadyExistsException ex) {
      e.println(
          "pin split: "
              + ex.getFile()
              + " already exists; share files are never"
              + " overwritten: use another --out DIR (files written before it stay; delete them)");
      return ExitCodes.INVALID_INPUT;
    } catch (IOException ex) {
      e.println("pin split: cannot write in " + dir + ": " + ex.getMessage());
      return ExitCodes.FAILED;
    } finally {
      list.forEach(PinShare::close);
    }
    o.println(
        "Split "
            + split
            + ": "
            + shares
            + " shares, any "
            + threshold
            + " recover the PIN"
            + " (checked: the shares combine back to the PIN typed).");
    for (PinShare s : list) {
      o.println(
          "  share "
              + s.number()
              + ": "
              + dir.resolve(fileName(s))
              + "  check value "
              + s.checkValue());
    }
    o.println(
        "Give each custodian one file (and note its check value), then delete the files"
            + " here. In the script: hsm.user-pin: shares:"
            + threshold);
    return ExitCodes.OK;
  }

  private Secret readPin() {
    PinSource src = PinSource.parse(pinSpec);
    if (src.kind() == PinSource.Kind.SHARES) {
      throw new IllegalArgumentException("--pin shares:... cannot be split again");
    }
    Secret pin = src.read("HSM user PIN to split");
    if (src.kind() == PinSource.Kind.PROMPT) {
      try (Secret again = src.read("The same PIN again")) {
        if (!pin.sameAs(again)) {
          pin.close();
          throw new IllegalArgumentException("the two PINs typed differ");
        }
      }
    }
    return pin;
  }

  /** Verifies the result: the first M and the last M shares each give back the PIN. */
  private void selfCheck(Secret pin, List<PinShare> list) {
    for (List<PinShare> some :
        List.of(list.subList(0, threshold), list.subList(list.size() - threshold, list.size()))) {
      try (Secret back = PinShares.join(some).pin()) {
        if (!back.sameAs(pin)) {
          throw new IllegalStateException("shares do not combine back to the PIN");
        }
      }
    }
  }

  private static String fileName(PinShare s) {
    return "pin-share-" + s.split() + "-" + s.number() + ".txt";
  }

  private void write(Path file, PinShare s) throws IOException {
    String text =
        "# kms-key-ceremony HSM user PIN share "
            + s.number()
            + " of "
            + shares
            + " (any "
            + threshold
            + " recover the PIN), split "
            + s.split()
            + ", made "
            + Clock.systemUTC().instant()
            + "\n"
            + "# Keep it secret. Type the line below when the ceremony asks for PIN share; its check"
            + " value is "
            + s.checkValue()
            + ".\n"
            + s.revealText()
            + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    try {
      Files.write(
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          bytes,
          StandardOpenOption.WRITE);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
