package dev.keyceremony.cli;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TokenFacts;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The text layout of {@code hsm info}. */
final class HsmInfoText {
  private HsmInfoText() {}

  static void print(PrintWriter out, TokenFacts f, SelfTestReport report) {
    out.println("Module");
    row(out, "path", f.modulePath());
    row(out, "sha256", f.moduleSha256());
    row(
        out,
        "library",
        f.libraryManufacturer()
            + " "
            + f.libraryVersion()
            + " ("
            + f.libraryDescription()
            + "), Cryptoki "
            + f.cryptokiVersion());
    out.println("Token");
    row(out, "label", f.label());
    row(out, "serial", f.serial());
    row(out, "model", f.model() + " by " + f.manufacturer());
    row(out, "versions", "hardware " + f.hardwareVersion() + ", firmware " + f.firmwareVersion());
    row(out, "slot", Long.toString(f.slotId()));
    out.println();
    out.println("Mechanisms (" + f.mechanisms().size() + ")");
    int w = f.mechanisms().stream().mapToInt(m -> m.name().length()).max().orElse(10);
    boolean undefined = false;
    for (TokenFacts.MechanismInfo m : f.mechanisms()) {
      String sizes =
          m.minKeySize() == 0 && m.maxKeySize() == 0 ? "" : m.minKeySize() + ".." + m.maxKeySize();
      boolean odd =
          m.flags().stream()
              .anyMatch(s -> s.toUpperCase(java.util.Locale.ROOT).startsWith("CKF_0X"));
      undefined |= odd;
      out.printf(
          "  %-" + w + "s  %-14s %s%s%n",
          m.name(),
          sizes,
          m.flags().stream().map(s -> s.replaceFirst("^CKF_", "")).collect(Collectors.joining(" ")),
          odd ? "  (*)" : "");
    }
    if (undefined) {
      out.println(
          "  (*) flags with undefined bits, shown as the token returned them; SoftHSM 2.6.1"
              + " seems to fill these from uninitialised memory");
    }
    out.println();
    out.println(
        "KMS wrapping algorithms (self-test: wrap a throwaway AES-256 key under a software "
            + report.wrappingKeySpec()
            + " key, decrypt in software, compare check values)");
    for (SelfTestReport.Result r : report.results()) {
      out.printf("  %-25s %s%n", r.algorithm(), r.passed() ? "PASS" : "FAIL");
      out.printf("  %-25s   mechanism: %s%n", "", r.mechanism());
      if (!r.passed()) {
        out.printf("  %-25s   reason:    %s%n", "", r.detail());
      }
    }
  }

  /** The auto choice per key spec, from {@link dev.keyceremony.hsm.AutoAlgorithm#table}. */
  static void printAuto(
      PrintWriter out,
      Map<KeySpec, Optional<WrappingAlgorithm>> auto,
      boolean trusted,
      Optional<String> noTrust) {
    out.println();
    out.println(
        "auto choice per key spec (strongest algorithm AWS allows that passed the"
            + " self-test and a trial wrap of that kind of material"
            + (trusted ? ", in trusted mode)" : ")"));
    if (noTrust.isPresent()) {
      out.println("  none: trusted mode is not possible on this token: " + noTrust.get());
      return;
    }
    for (KeySpec k : KeySpec.values()) {
      out.printf(
          "  %-18s %s%n",
          k,
          auto.getOrDefault(k, Optional.empty())
              .map(Enum::name)
              .orElse(
                  "none: this token cannot wrap "
                      + k
                      + " for KMS"
                      + (trusted ? " in trusted mode" : "")));
    }
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("  %-9s %s%n", name, value);
  }
}
