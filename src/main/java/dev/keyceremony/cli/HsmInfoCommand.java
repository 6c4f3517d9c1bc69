package dev.keyceremony.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.AutoAlgorithm;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TokenFacts;
import dev.keyceremony.workflow.HsmConnector;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ceremony hsm info}: token facts, mechanisms, and the KMS wrapping self-test. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Token facts, mechanisms and the KMS wrapping self-test.",
      "",
      "Shows module, token and mechanisms, logs in and runs the mechanism self-test for each KMS"
          + " wrapping algorithm. Creates only session objects (a throwaway AES key and a test RSA"
          + " public key), destroyed before it exits; token objects are not touched."
    })
public final class HsmInfoCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin HsmOptions hsm;

  @Option(
      names = "--wrapping-key-spec",
      paramLabel = "SPEC",
      defaultValue = "RSA_2048",
      description =
          "RSA size of the test wrapping key: RSA_2048, RSA_3072, RSA_4096 (default ${DEFAULT-VALUE})")
  String wrappingKeySpec;

  @Option(
      names = "--trusted",
      description =
          "Show the auto choice for trusted mode (a script with hsm.so-pin), as plan and"
              + " run make it")
  boolean trusted;

  @Option(names = "--json", description = "Print JSON instead of text")
  boolean json;

  @Mixin DebugOption debug;

  @Override
  public Integer call() throws Exception {
    WrappingKeySpec wks = WrappingKeySpec.parse(wrappingKeySpec);
    try (HsmConnector.Connection c = HsmConnector.connect(hsm.locator(), hsm.pinSource())) {
      TokenFacts facts = c.session().facts();
      SelfTestReport report = c.session().selfTest(wks);
      Optional<String> noTrust = trusted ? c.session().trustedModeObstacle() : Optional.empty();
      Map<KeySpec, Optional<WrappingAlgorithm>> autoChoice =
          noTrust.isPresent()
              ? Map.of()
              : AutoAlgorithm.table(report, new AutoAlgorithm.Trial(c.session(), wks, trusted));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("token", facts);
        doc.put("selfTest", report.results());
        doc.put("wrappingKeySpec", wks);
        Map<String, String> auto = new LinkedHashMap<>();
        for (KeySpec k : KeySpec.values()) {
          auto.put(
              k.name(), autoChoice.getOrDefault(k, Optional.empty()).map(Enum::name).orElse(null));
        }
        doc.put("auto", auto);
        doc.put("trustedMode", trusted);
        noTrust.ifPresent(w -> doc.put("trustedModeObstacle", w));
        out.println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      } else {
        HsmInfoText.print(out, facts, report);
        HsmInfoText.printAuto(out, autoChoice, trusted, noTrust);
      }
      out.flush();
      return report.results().stream().anyMatch(SelfTestReport.Result::passed)
          ? ExitCodes.OK
          : ExitCodes.FAILED;
    }
  }
}
