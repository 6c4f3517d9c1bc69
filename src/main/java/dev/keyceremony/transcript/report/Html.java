package dev.keyceremony.transcript.report;

import dev.keyceremony.transcript.TimelineRenderer;

/**
 * HTML text escaping, the one choke point every transcript value passes through. Values only ever
 * go into element content or double-quoted attributes, where escaping {@code & < > " '} is complete
 * (OWASP's rule for those two contexts); control and invisible bidi/format characters are shown as
 * {@code \\uXXXX} so a crafted value cannot reorder what the auditor reads. See
 * docs/decisions/0013.
 */
public final class Html {
  private Html() {}

  public static String escape(String s) {
    String safe = TimelineRenderer.safe(s == null ? "" : s);
    StringBuilder b = new StringBuilder(safe.length() + 16);
    for (int i = 0; i < safe.length(); i++) {
      char c = safe.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
