package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.Acknowledgements;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ScriptParser;
import dev.keyceremony.ceremony.script.Problem;
import dev.keyceremony.ceremony.script.ScriptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

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

  /**
   * Reads the script once: these bytes are hashed into line 1, parsed, and kept in the bundle as
   * script.yaml, so all three are the same version of the file.
   *
   * @throws ScriptException when the file cannot be read or is not UTF-8
   */
  static byte[] read(Path script) {
    try {
      return Files.readAllBytes(script);
    } catch (IOException e) {
      throw new ScriptException(script.toString(), List.of(new Problem("(file)", "cannot be read ("
          + e.getClass().getSimpleName() + "); check the path")));
    }
  }

  /** Parses bytes read by {@link #read}; relative paths in it resolve against the script's directory. */
  static CeremonyScript load(byte[] bytes, Path script, Path out, Path acks, Clock clock, String runId) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ScriptException(script.toString(), List.of(new Problem("(file)",
          "is not UTF-8 text; save it as UTF-8")));
    }
    ScriptParser parser = new ScriptParser(clock, runId);
    return options(parser, parser.parse(text, script.toString(), script.toAbsolutePath().getParent()),
        out, acks);
  }

  /**
   * @throws dev.keyceremony.ceremony.script.ScriptException with every problem found
   */
  static CeremonyScript load(Path script, Path out, Path acks, Clock clock, String runId) {
    ScriptParser parser = new ScriptParser(clock, runId);
    return options(parser, parser.parse(script), out, acks);
  }

  private static CeremonyScript options(ScriptParser parser, CeremonyScript parsed, Path out, Path acks) {
    CeremonyScript s = parsed;
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
