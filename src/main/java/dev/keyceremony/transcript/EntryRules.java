package dev.keyceremony.transcript;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The rules for the fields of an entry, shared by the writer (refuse) and the verifier (report).
 */
final class EntryRules {
  static final Pattern CEREMONY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  static final Pattern TYPE =
      Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*){0,7}");
  static final int MAX_TYPE = 64;
  static final int MAX_ACTOR =
      512; // role lists such as "operator:x;witnesses:a,b,c" grow with the team

  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final DateTimeFormatter TIME_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);

  private EntryRules() {}

  /** Null when valid, else what is wrong (with the allowed form). */
  static String checkCeremonyId(String id) {
    if (id == null || !CEREMONY_ID.matcher(id).matches()) {
      return "ceremony id "
          + quote(id)
          + " is not allowed: use 1-128 letters, digits, '.', '_', ':' or '-',"
          + " starting with a letter or digit";
    }
    return null;
  }

  static String checkType(String type) {
    if (type == null || type.length() > MAX_TYPE || !TYPE.matcher(type).matches()) {
      return "type "
          + quote(type)
          + " is not allowed: use dotted words of letters, digits, '_' or '-'"
          + " (e.g. ceremony.opened, kms.import), at most "
          + MAX_TYPE
          + " characters";
    }
    return null;
  }

  static String checkActor(String actor) {
    if (actor == null
        || actor.isBlank()
        || actor.length() > MAX_ACTOR
        || actor.strip().length() != actor.length()
        || actor.chars().anyMatch(Character::isISOControl)) {
      return "actor "
          + quote(actor)
          + " is not allowed: use 1-"
          + MAX_ACTOR
          + " characters without control"
          + " characters or surrounding spaces (a role or a person, e.g. custodian:alice or tool)";
    }
    return null;
  }

  /** The entry time: UTC, millisecond precision (truncated, never rounded up into the future). */
  static String formatTime(Instant instant) {
    return TIME_FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Null when {@code time} is an RFC 3339 UTC timestamp with exactly millisecond precision. */
  static String checkTime(String time) {
    if (time == null || !TIME.matcher(time).matches()) {
      return "time "
          + quote(time)
          + " is not RFC 3339 UTC with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ)";
    }
    try {
      TIME_FORMAT.parse(time);
      return null;
    } catch (DateTimeParseException e) {
      return "time " + quote(time) + " is not a valid date and time";
    }
  }

  static Instant parseTime(String time) {
    return Instant.from(TIME_FORMAT.parse(time));
  }

  private static String quote(String s) {
    if (s == null) {
      return "(missing)";
    }
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
