package dev.keyceremony.cli.kms;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Timestamps as AWS CLI v2 reads and prints them. Input: ISO 8601 with or without an offset ("Z",
 * "+01:00", "+0100"; none means UTC, as botocore assumes), a date alone (midnight UTC), or epoch
 * seconds. Output: Python's {@code datetime.isoformat()} in the machine's time zone, which is what
 * v2 prints (botocore parses KMS's epoch numbers with the local zone): microseconds only when not
 * zero, offset always as {@code +HH:MM}.
 */
final class Timestamps {
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalEnd()
          .toFormatter();
  private static final DateTimeFormatter OFFSET =
      new DateTimeFormatterBuilder()
          .append(LOCAL)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter();

  private Timestamps() {}

  /** Parses a timestamp argument; empty when it is none of the accepted forms. */
  static Optional<Instant> parse(String raw) {
    String v = raw.trim();
    if (v.matches("[+-]?\\d+(\\.\\d+)?")) {
      BigDecimal s = new BigDecimal(v);
      long secs = s.longValue();
      int nanos = s.subtract(BigDecimal.valueOf(secs)).movePointRight(9).intValue();
      return Optional.of(Instant.ofEpochSecond(secs, nanos));
    }
    try {
      return Optional.of(LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException ignored) {
      // not a bare date; try date-time forms
    }
    try {
      var parsed = OFFSET.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime o) {
        return Optional.of(o.toInstant());
      }
      return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Python's {@code datetime.fromtimestamp(t, tzlocal()).isoformat()}. */
  static String isoformat(Instant t, ZoneId zone) {
    ZonedDateTime z = t.atZone(zone);
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d",
            z.getYear(),
            z.getMonthValue(),
            z.getDayOfMonth(),
            z.getHour(),
            z.getMinute(),
            z.getSecond()));
    int micros = z.getNano() / 1000;
    if (micros != 0) {
      b.append(String.format(".%06d", micros));
    }
    int off = z.getOffset().getTotalSeconds();
    b.append(off < 0 ? '-' : '+');
    int abs = Math.abs(off);
    b.append(String.format("%02d:%02d", abs / 3600, (abs / 60) % 60));
    if (abs % 60 != 0) {
      b.append(String.format(":%02d", abs % 60));
    }
    return b.toString();
  }
}
