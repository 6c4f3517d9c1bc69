package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.Acknowledgements;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Parses a script for plan and run, applying --out and --acknowledgements. */
final class ScriptLoader {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ScriptLoader() {}

  /** A new run ID: UTC time plus 4 random hex digits, unique enough for labels and bundles. */
  static String newRunId(Clock clock) {
    byte[] r = new byte[2];
    new SecureRandom().nextBytes(r);
    return RUN_ID.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
  }

  static byte[] bytes(Path script) {
    try {
      return Files.readAllBytes(script);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * @throws dev.keyceremony.ceremony.script.ScriptException with every problem found
   */
  static CeremonyScript load(Path script, Path out, Path acks, Clock clock, String runId) {
    ScriptParser parser = new ScriptParser(clock, runId);
    CeremonyScript s = parser.parse(script);
    if (out != null) {
      s = s.withTranscriptOut(out.toAbsolutePath().normalize());
    }
    if (acks != null) {
      Acknowledgements a = parser.parseAcknowledgements(acks, s.roles());
      s = s.withAcknowledgements(a);
    }
    return s;
  }
}
