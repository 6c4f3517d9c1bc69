package dev.keyceremony.cli;

import dev.keyceremony.ceremony.script.Acknowledgements;
import dev.keyceremony.ceremony.script.BulkScriptParser;
import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.Problem;
import dev.keyceremony.ceremony.script.ScriptException;
import dev.keyceremony.ceremony.script.ScriptParser;
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

/**
 * Reads a script for plan and run once, parses exactly those bytes, and applies --out and
 * --acknowledgements; the same bytes are hashed into line 1 and kept in the bundle as script.yaml.
 */
final class ScriptLoader {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A parsed script and the bytes it was parsed from. */
  record Loaded(CeremonyScript script, byte[] bytes) {}

  /**
   * A script file read once: its bytes (hashed into line 1) and their strict UTF-8 text (parsed).
   * Whether it is a bulk script is decided from the same bytes, never from a second read.
   */
  record Read(Path path, byte[] bytes, String text) {
    boolean bulk() {
      return BulkScriptParser.isBulk(text);
    }
  }

  private ScriptLoader() {}

  /** A new run ID: UTC time plus 4 random hex digits, unique enough for labels and bundles. */
  static String newRunId(Clock clock) {
    byte[] r = new byte[2];
    new SecureRandom().nextBytes(r);
    return RUN_ID.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
  }

  /**
   * @throws ScriptException with every problem found, or when the file cannot be read or is not
   *     UTF-8
   */
  static Loaded load(Path script, Path out, Path acks, Clock clock, String runId) {
    return load(read(script), out, acks, clock, runId);
  }

  /**
   * Reads the file once.
   *
   * @throws ScriptException when it cannot be read or is not UTF-8
   */
  static Read read(Path script) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(script);
    } catch (IOException e) {
      throw new ScriptException(
          script.toString(),
          List.of(
              new Problem(
                  "(file)",
                  "cannot be read (" + e.getClass().getSimpleName() + "); check the path")));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ScriptException(
          script.toString(), List.of(new Problem("(file)", "is not UTF-8 text; save it as UTF-8")));
    }
    return new Read(script, bytes, text);
  }

  /** Parses exactly the bytes read, applies --out and --acknowledgements. */
  static Loaded load(Read read, Path out, Path acks, Clock clock, String runId) {
    Path script = read.path();
    ScriptParser parser = new ScriptParser(clock, runId);
    CeremonyScript s =
        parser.parse(read.text(), script.toString(), script.toAbsolutePath().getParent());
    if (out != null) {
      s = s.withTranscriptOut(out.toAbsolutePath().normalize());
    }
    if (acks != null) {
      s = withAcknowledgements(s, acks, clock, runId);
    }
    return new Loaded(s, read.bytes());
  }

  /** The script with the acknowledgements of {@code acks} (for run and resume). */
  static CeremonyScript withAcknowledgements(
      CeremonyScript s, Path acks, Clock clock, String runId) {
    Acknowledgements a = new ScriptParser(clock, runId).parseAcknowledgements(acks, s.roles());
    return s.withAcknowledgements(a);
  }
}
