package dev.keyceremony.cli;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.iaik.IaikHsm;
import dev.keyceremony.hsm.iaik.ItToken;
import dev.keyceremony.localkms.LocalKms;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The integration-test rig for whole ceremonies: the real SoftHSM2 token {@code ceremony-it}
 * (through the real IAIK adapter), an in-process local KMS over real HTTP (through the real SDK
 * adapter), scripts written to a temp directory and run through {@link Main#run}.
 */
final class ItCeremony {
  static final String SIGNER = "it-ceremony-signer";

  private ItCeremony() {}

  static Path projectDir() {
    return Path.of(System.getProperty("ceremony.projectDir", ".")).toAbsolutePath();
  }

  static String token() {
    return System.getProperty("ceremony.it.token", "ceremony-it");
  }

  static Path pinFile(String who) {
    return projectDir().resolve(".softhsm/" + token() + "." + who + ".pin");
  }

  /** Creates the IT signer key in the SoftHSM2 IT token unless it exists. */
  static void ensureSigner() {
    ensureSigner(ItToken.SOFTHSM2);
  }

  /** Creates the IT signer key in {@code t} unless it exists. */
  static void ensureSigner(ItToken t) {
    try (IaikHsm hsm = IaikHsm.open(t.locator());
        Secret pin = t.userPin();
        HsmSession s = hsm.login(pin)) {
      if (s.findSigner(SIGNER).isEmpty()) {
        s.createSigner(SIGNER);
      }
    }
  }

  static String uniq() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A script for {@code spec} against {@code kms}; {@code overrides} replace whole lines that start
   * with the given key (e.g. " existing:" or " valid-for:").
   */
  static String script(
      LocalKms kms,
      String keyBlock,
      String material,
      String algorithm,
      String wrappingKeySpec,
      String expiration) {
    return script(
        ItToken.SOFTHSM2, kms, keyBlock, material, algorithm, wrappingKeySpec, expiration);
  }

  /** As above, on the token {@code t} (SoftHSM2 or NSS). */
  static String script(
      ItToken t,
      LocalKms kms,
      String keyBlock,
      String material,
      String algorithm,
      String wrappingKeySpec,
      String expiration) {
    return String.join(
        "\n",
        "name: it",
        "purpose: integration test",
        "roles:",
        "  operator: olivia",
        "  custodians: [carol, chris]",
        "  witnesses: [wendy]",
        "  approvals-required: 2",
        t.scriptSection(),
        "kms:",
        "  endpoint: " + kms.endpoint(),
        "key:",
        keyBlock,
        "material:",
        "  " + material,
        "wrapping:",
        "  algorithm: " + algorithm,
        "  key-spec: " + wrappingKeySpec,
        "expiration:",
        expiration,
        "transcript:",
        "  out: out",
        "  signer: " + SIGNER,
        "acknowledgements:",
        "  approvals: [carol, chris]",
        "  confirmations: [wendy]",
        "");
  }

  static String create(String spec) {
    return "  create:\n    spec: " + spec + "\n    alias: alias/it-" + uniq();
  }

  static final String EXPIRES_30D = "  model: KEY_MATERIAL_EXPIRES\n  valid-for: 30d";

  /** The result of one CLI invocation. */
  record Cli(int exit, String out, String err) {
    String all() {
      return out + "\n" + err;
    }

    /** The bundle directory printed by run, or null. */
    Path bundle() {
      for (String line : out.split("\n")) {
        if (line.startsWith("Ceremony ") && line.contains(": transcript ")) {
          return Path.of(line.substring(line.indexOf(": transcript ") + 13).trim());
        }
      }
      return null;
    }
  }

  static Cli main(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
    return new Cli(code, o.toString(), e.toString());
  }

  /**
   * The entries {@code plan}'s numbered steps promise for this script: {@code step.NAME} for each
   * step, except one the plan says is skipped, and {@code ceremony.sealed} for {@code seal}.
   */
  static List<String> plannedEntries(Path dir, String yaml) throws IOException {
    Path f = dir.resolve("plan-" + uniq() + ".yaml");
    Files.writeString(f, yaml);
    Cli p = main("plan", f.toString());
    org.assertj.core.api.Assertions.assertThat(p.exit()).as(p.all()).isZero();
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\s*\\d+\\. ([a-z-]+): (.*)$").matcher(p.out());
    while (m.find()) {
      if (m.group(1).equals("seal")) {
        out.add("ceremony.sealed");
      } else if (!m.group(2).startsWith("skipped")) {
        out.add("step." + m.group(1));
      }
    }
    return out;
  }

  /** The step entries and the seal a run recorded, in order. */
  static List<String> recordedEntries(Path bundle) {
    return dev.keyceremony.transcript.TranscriptVerifier.verify(bundle).entries().stream()
        .map(e -> e.type())
        .filter(t -> t.startsWith("step.") || t.equals("ceremony.sealed"))
        .toList();
  }

  static Cli run(Path dir, String yaml, String... extra) throws IOException {
    Path f = dir.resolve("script-" + uniq() + ".yaml");
    Files.writeString(f, yaml);
    List<String> args = new ArrayList<>(List.of("run", f.toString(), "--non-interactive"));
    args.addAll(List.of(extra));
    return main(args.toArray(new String[0]));
  }
}
