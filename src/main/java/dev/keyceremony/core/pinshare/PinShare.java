package dev.keyceremony.core.pinshare;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One Shamir share of an HSM PIN, as a custodian holds it: {@code pinshare1-SPLIT-M-N-VALUE-CHECK}
 * where SPLIT names the split (8 hex digits), M is the threshold, N the share's number, VALUE the
 * share bytes in hex and CHECK the first 8 hex digits of SHA-256 over everything before it (catches
 * a typing error or a corrupted file). The value is secret: {@link #toString()} shows only the
 * number and split, and {@link #close()} wipes it.
 */
public final class PinShare implements AutoCloseable {
  static final String PREFIX = "pinshare1";
  private static final Pattern SPLIT = Pattern.compile("[0-9a-f]{8}");
  private static final HexFormat HEX = HexFormat.of();

  private final String split;
  private final int threshold;
  private final int number;
  private final byte[] value;

  PinShare(String split, int threshold, int number, byte[] value) {
    this.split = split;
    this.threshold = threshold;
    this.number = number;
    this.value = value;
  }

  /**
   * Parses a share as typed or read from a share file. {@code position} (1-based: the first,
   * second... share given) names it when even its number cannot be trusted. Messages name the share
   * by number only, never by any part of its value.
   */
  public static PinShare parse(String text, int position) {
    String t = text == null ? "" : text.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    String[] p = t.split("-", -1);
    String who = "the PIN share given " + ordinal(position);
    if (p.length != 6 || !p[0].equals(PREFIX)) {
      throw new PinShareException(
          who
              + " is not a PIN share (expected pinshare1-... as written"
              + " by ./ceremony pin split); retype it");
    }
    int m = number(p[2], who);
    int n = number(p[3], who);
    if (!SPLIT.matcher(p[1]).matches()
        || !p[4].matches("([0-9a-f]{2})+")
        || !p[5].matches("[0-9a-f]{8}")
        || !check(p[1], m, n, p[4]).equals(p[5])) {
      throw new PinShareException(
          "PIN share "
              + n
              + " is corrupted (its check value does not"
              + " match); retype it or use another custodian's share");
    }
    if (m < 2 || n < 1 || n > 255) {
      throw new PinShareException("PIN share " + n + " is corrupted (impossible numbers)");
    }
    return new PinShare(p[1], m, n, HEX.parseHex(p[4]));
  }

  private static int number(String s, String who) {
    if (!s.matches("[0-9]{1,3}")) {
      throw new PinShareException(who + " is corrupted (its number is not a number); retype it");
    }
    return Integer.parseInt(s);
  }

  /** The text a custodian keeps and types: one line. Contains the secret share value. */
  public String revealText() {
    String v = HEX.formatHex(value);
    return PREFIX
        + "-"
        + split
        + "-"
        + threshold
        + "-"
        + number
        + "-"
        + v
        + "-"
        + check(split, threshold, number, v);
  }

  static String check(String split, int m, int n, String valueHex) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (PREFIX + "-" + split + "-" + m + "-" + n + "-" + valueHex)
                      .getBytes(StandardCharsets.US_ASCII));
      return HEX.formatHex(d, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The split this share belongs to (not secret). */
  public String split() {
    return split;
  }

  public int threshold() {
    return threshold;
  }

  public int number() {
    return number;
  }

  /** The check value printed with the share (not secret: it is a hash of it). */
  public String checkValue() {
    return check(split, threshold, number, HEX.formatHex(value));
  }

  byte[] value() {
    return value;
  }

  @Override
  public void close() {
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public String toString() {
    return "PIN share " + number + " of split " + split + " (value ***)";
  }

  private static String ordinal(int i) {
    switch (i) {
      case 1:
        return "first";
      case 2:
        return "second";
      case 3:
        return "third";
      default:
        return i + "th";
    }
  }
}
