package dev.keyceremony.ceremony.script;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code expiration} section: the model and {@code valid-to} or {@code valid-for}. */
final class ExpirationSectionParser {
  static final List<String> KEYS = List.of("model", "valid-to", "valid-for");
  static final Duration MAX_VALIDITY = Duration.ofDays(365);
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,5})([dh])");

  private final Clock clock;

  ExpirationSectionParser(Clock clock) {
    this.clock = clock;
  }

  ExpirationSection parse(Fields f) {
    String model =
        f.text(
            "model", true, ExpirationSection.EXPIRES + " or " + ExpirationSection.DOES_NOT_EXPIRE);
    if (model == null) {
      return null;
    }
    if (!model.equals(ExpirationSection.EXPIRES)
        && !model.equals(ExpirationSection.DOES_NOT_EXPIRE)) {
      f.problem(
          "model",
          "'"
              + model
              + "' is not allowed; allowed: "
              + ExpirationSection.EXPIRES
              + ", "
              + ExpirationSection.DOES_NOT_EXPIRE);
      return null;
    }
    boolean hasTo = f.raw("valid-to") != null;
    boolean hasFor = f.raw("valid-for") != null;
    if (model.equals(ExpirationSection.DOES_NOT_EXPIRE)) {
      if (hasTo || hasFor) {
        f.problem(
            hasTo ? "valid-to" : "valid-for",
            "is not allowed with "
                + ExpirationSection.DOES_NOT_EXPIRE
                + "; remove it or use "
                + ExpirationSection.EXPIRES);
        return null;
      }
      return new ExpirationSection(model, null, null);
    }
    if (hasTo == hasFor) {
      f.problem(
          hasTo ? "valid-for" : "valid-to",
          hasTo
              ? "cannot be given together with valid-to; choose one"
              : "is required with "
                  + ExpirationSection.EXPIRES
                  + ": give valid-to (ISO 8601, e.g."
                  + " 2027-01-31T00:00:00Z) or valid-for (e.g. 90d, 12h, P90D)");
      return null;
    }
    Instant now = clock.instant();
    if (hasTo) {
      Instant to = validTo(f);
      if (to == null) {
        return null;
      }
      if (!to.isAfter(now)) {
        f.problem(
            "valid-to",
            "'"
                + to
                + "' is in the past; KMS needs a ValidTo in the future,"
                + " at most 365 days ahead");
        return null;
      }
      if (to.isAfter(now.plus(MAX_VALIDITY))) {
        f.problem(
            "valid-to",
            "'"
                + to
                + "' is more than 365 days ahead (latest allowed now: "
                + now.plus(MAX_VALIDITY)
                + "); KMS refuses a later ValidTo");
        return null;
      }
      return new ExpirationSection(model, to, null);
    }
    Duration d = validFor(f);
    return d == null ? null : new ExpirationSection(model, null, d);
  }

  private static Instant validTo(Fields f) {
    String s = f.text("valid-to", true, "an ISO 8601 instant");
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        f.problem(
            "valid-to",
            "'"
                + s
                + "' is not an ISO 8601 date-time with offset"
                + " (e.g. 2027-01-31T00:00:00Z) or a date (2027-01-31, midnight UTC)");
        return null;
      }
    }
  }

  private static Duration validFor(Fields f) {
    String s = f.text("valid-for", true, "a duration");
    if (s == null) {
      return null;
    }
    Duration d;
    Matcher m = SHORT_DURATION.matcher(s);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
      } else {
        d = Duration.parse(s);
      }
    } catch (DateTimeParseException e) {
      f.problem(
          "valid-for",
          "'"
              + s
              + "' is not a duration; allowed: Nd (days), Nh (hours) or"
              + " ISO 8601 (P90D, PT12H)");
      return null;
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_VALIDITY) > 0) {
      f.problem(
          "valid-for",
          "'"
              + s
              + "' is out of range; KMS needs a ValidTo in the future and"
              + " at most 365 days ahead");
      return null;
    }
    return d;
  }
}
