package dev.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trust file format ({@code --trust FILE}): UTF-8 text, one signer per line, {@code SHA256
 * NAME}: the signer key's fingerprint (64 hex digits, {@code SHA256:} prefix, upper case and colons
 * allowed), white space, and the name the organisation gives it (the rest of the line). Blank lines
 * and lines starting with {@code #} are ignored. Example:
 *
 * <pre>
 * # signers of the ops team, from the enrolment records in the safe
 * 3f1c...e9  ops-2026 (HSM A, enrolled 2026-01-05, witnessed by wendy)
 * </pre>
 */
public final class TrustList {
  private static final Pattern LINE =
      Pattern.compile("^(?:SHA256:)?([0-9A-Fa-f:]+)\\s+(\\S.*?)\\s*$");

  private TrustList() {}

  /**
   * @param source named in errors, e.g. the file path
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static List<SignerPin> parse(String text, String source) {
    List<SignerPin> pins = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(l);
      String hex = m.matches() ? m.group(1).replace(":", "") : "";
      if (!m.matches() || !Hashes.isSha256Hex(hex.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            source
                + " line "
                + (i + 1)
                + ": '"
                + TimelineRenderer.safe(clip(l))
                + "' is not 'SHA256 NAME' (64 hex digits, white space, a name); '#' starts a comment");
      }
      pins.add(new SignerPin(hex, m.group(2)));
    }
    if (pins.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + " names no signer: add a line 'SHA256 NAME' (the"
              + " fingerprint that 'ceremony hsm create-signer' printed and a name for it)");
    }
    return List.copyOf(pins);
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
