package dev.keyceremony.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one line of transcript.jsonl on its own (without its neighbours): UTF-8, JSON, canonical
 * form, exactly the seven fields with their formats. Chain checks are the verifier's.
 */
final class EntryParser {
  static final Set<String> FIELDS =
      Set.of("seq", "time", "ceremony", "type", "actor", "data", "prev");

  /** Either an entry or the reason the line is not one. */
  record Parsed(TranscriptEntry entry, String problem) {}

  private EntryParser() {}

  static Parsed parse(byte[] line) {
    if (line.length == 0) {
      return fail("is empty (an entry was removed, or a newline was inserted)");
    }
    if (line[line.length - 1] == '\r') {
      return fail(
          "ends with a carriage return (CRLF line endings): the file was converted by an editor or a"
              + " text-mode transfer; the signature covers the original LF bytes");
    }
    if (line.length >= 3
        && (line[0] & 0xff) == 0xef
        && (line[1] & 0xff) == 0xbb
        && (line[2] & 0xff) == 0xbf) {
      return fail("starts with a UTF-8 byte order mark: the file was re-saved by an editor");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(line))
              .toString();
    } catch (CharacterCodingException e) {
      return fail("is not valid UTF-8: the bytes were altered");
    }
    JsonNode node;
    try {
      node = CanonicalJson.parseStrict(text);
    } catch (JsonProcessingException e) {
      return fail(
          "is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    }
    if (node == null || !node.isObject()) {
      return fail("is not a JSON object");
    }
    if (!CanonicalJson.isCanonical(line)) {
      return fail(
          "is not in RFC 8785 canonical form (key order, spacing, number or string encoding differ):"
              + " it was edited after it was written");
    }
    return fields((ObjectNode) node, line);
  }

  private static Parsed fields(ObjectNode o, byte[] line) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    if (!names.equals(new TreeSet<>(FIELDS))) {
      Set<String> missing = new TreeSet<>(FIELDS);
      missing.removeAll(names);
      Set<String> extra = new TreeSet<>(names);
      extra.removeAll(FIELDS);
      return fail(
          "must have exactly the fields "
              + new TreeSet<>(FIELDS)
              + "; missing "
              + missing
              + ", unexpected "
              + extra);
    }
    JsonNode seq = o.get("seq");
    if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1) {
      return fail("seq must be a positive integer, is " + seq);
    }
    for (String f : new String[] {"time", "ceremony", "type", "actor", "prev"}) {
      if (!o.get(f).isTextual()) {
        return fail(
            f
                + " must be a string, is "
                + o.get(f).getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    String bad = EntryRules.checkTime(o.get("time").textValue());
    bad = bad != null ? bad : EntryRules.checkCeremonyId(o.get("ceremony").textValue());
    bad = bad != null ? bad : EntryRules.checkType(o.get("type").textValue());
    bad = bad != null ? bad : EntryRules.checkActor(o.get("actor").textValue());
    if (bad != null) {
      return fail(bad);
    }
    if (!Hashes.isSha256Hex(o.get("prev").textValue())) {
      return fail(
          "prev must be 64 lowercase hex digits (a SHA-256), is '"
              + o.get("prev").textValue()
              + "'");
    }
    if (!o.get("data").isObject()) {
      return fail("data must be a JSON object");
    }
    return new Parsed(
        new TranscriptEntry(
            seq.longValue(),
            o.get("time").textValue(),
            o.get("ceremony").textValue(),
            o.get("type").textValue(),
            o.get("actor").textValue(),
            (ObjectNode) o.get("data"),
            o.get("prev").textValue(),
            Hashes.sha256Hex(line)),
        null);
  }

  private static Parsed fail(String problem) {
    return new Parsed(null, problem);
  }
}
