package dev.keyceremony.core;

import dev.keyceremony.core.pinshare.PinShare;
import dev.keyceremony.core.pinshare.PinShareException;
import dev.keyceremony.core.pinshare.PinShares;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a PIN comes from: {@code prompt} (an interactive no-echo prompt), {@code env:NAME} (an
 * environment variable's value), {@code file:PATH} (a file's first line), or {@code shares:M}
 * (split knowledge: M Shamir shares made by {@code ./ceremony pin split}, each typed by its
 * custodian at a no-echo prompt; {@code shares:M:SRC,SRC,...} reads each share from its own {@code
 * file:PATH}, {@code env:NAME} or {@code prompt} instead, for rehearsals and tests). Never a
 * literal value: PINs are not allowed on the command line or in a ceremony script.
 */
public final class PinSource {
  /** The kind of source. */
  public enum Kind {
    PROMPT,
    ENV,
    FILE,
    SHARES
  }

  private final Kind kind;
  private final String reference;
  private final int threshold;
  private final List<PinSource> shareSources;

  private PinSource(Kind kind, String reference) {
    this(kind, reference, 0, List.of());
  }

  private PinSource(Kind kind, String reference, int threshold, List<PinSource> shareSources) {
    this.kind = kind;
    this.reference = reference;
    this.threshold = threshold;
    this.shareSources = List.copyOf(shareSources);
  }

  public static PinSource prompt() {
    return new PinSource(Kind.PROMPT, "");
  }

  /**
   * Parses {@code prompt}, {@code env:NAME} or {@code file:PATH}. Anything else is refused without
   * echoing it back, because it may be a PIN typed in the wrong place.
   */
  public static PinSource parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "PIN source is empty; use 'prompt', 'env:NAME' or 'file:PATH'");
    }
    if (spec.equals("prompt")) {
      return prompt();
    }
    if (spec.startsWith("env:") && spec.length() > 4) {
      String name = spec.substring(4);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        // Not echoed: "env:" followed by digits is most likely the PIN itself in the wrong place.
        throw new IllegalArgumentException(
            "PIN source env:NAME: the name (not shown, in case it is a PIN) is not a valid"
                + " environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
      }
      return new PinSource(Kind.ENV, name);
    }
    if (spec.startsWith("file:") && spec.length() > 5) {
      return new PinSource(Kind.FILE, spec.substring(5));
    }
    if (spec.startsWith("shares:")) {
      return parseShares(spec);
    }
    throw new IllegalArgumentException(
        "PIN source is not 'prompt', 'env:NAME', 'file:PATH' or 'shares:M' (the value is not"
            + " shown, in case it is a PIN); a PIN itself is never accepted on the command line or"
            + " in a script");
  }

  private static PinSource parseShares(String spec) {
    String rest = spec.substring("shares:".length());
    int colon = rest.indexOf(':');
    String m = colon < 0 ? rest : rest.substring(0, colon);
    if (!m.matches("[0-9]{1,3}") || Integer.parseInt(m) < 2 || Integer.parseInt(m) > 255) {
      throw new IllegalArgumentException(
          "PIN source shares:M: M must be the split's threshold,"
              + " a number from 2 to 255 (as given to ./ceremony pin split --threshold)");
    }
    int threshold = Integer.parseInt(m);
    List<PinSource> sources = new ArrayList<>();
    if (colon < 0) {
      for (int i = 0; i < threshold; i++) {
        sources.add(prompt());
      }
    } else {
      for (String one : rest.substring(colon + 1).split(",", -1)) {
        PinSource src = parse(one.trim());
        if (src.kind == Kind.SHARES) {
          throw new IllegalArgumentException(
              "PIN source shares:M:...: each share comes from" + " file:PATH, env:NAME or prompt");
        }
        sources.add(src);
      }
      if (sources.size() != threshold) {
        throw new IllegalArgumentException(
            "PIN source shares:"
                + threshold
                + ":...: "
                + sources.size()
                + " share sources are listed; give exactly "
                + threshold
                + ", separated by commas (e.g. shares:2:file:/media/a/share,file:/media/b/share)");
      }
    }
    return new PinSource(Kind.SHARES, rest, threshold, sources);
  }

  /** The same source with relative {@code file:} paths (also of shares) resolved against base. */
  public PinSource resolvedAgainst(Path base) {
    switch (kind) {
      case FILE:
        return new PinSource(Kind.FILE, base.resolve(reference).normalize().toString());
      case SHARES:
        List<PinSource> resolved = new ArrayList<>();
        shareSources.forEach(src -> resolved.add(src.resolvedAgainst(base)));
        String ref =
            threshold
                + (reference.contains(":")
                    ? ":" + String.join(",", resolved.stream().map(PinSource::toString).toList())
                    : "");
        return new PinSource(Kind.SHARES, ref, threshold, resolved);
      default:
        return this;
    }
  }

  /** For {@code shares:M}: M; 0 for other kinds. */
  public int threshold() {
    return threshold;
  }

  public Kind kind() {
    return kind;
  }

  /** The variable name or file path (never the PIN itself). */
  public String reference() {
    return reference;
  }

  /** Reads the PIN. {@code promptText} is shown for {@link Kind#PROMPT}. */
  public Secret read(String promptText) {
    return read(promptText, System.getenv(), System.console());
  }

  /**
   * Reads the PIN and says how, for the transcript: the source kind, and for shares the split and
   * the share numbers used (never a share). The caller closes the PIN.
   */
  public Reading readWithReceipt(String promptText) {
    return readWithReceipt(promptText, System.getenv(), System.console());
  }

  /** As {@link #readWithReceipt(String)} with an explicit environment and console (tests). */
  public Reading readWithReceipt(String promptText, Map<String, String> env, Console console) {
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("source", kind.name().toLowerCase(Locale.ROOT));
    if (kind != Kind.SHARES) {
      return new Reading(read(promptText, env, console), receipt);
    }
    PinShares.Joined j = readShares(promptText, env, console);
    receipt.putAll(j.describe());
    return new Reading(j.pin(), receipt);
  }

  /** A PIN and how it was obtained (no secret in the receipt). */
  public record Reading(Secret pin, Map<String, Object> receipt) implements AutoCloseable {
    public Reading {
      receipt = Map.copyOf(receipt);
    }

    @Override
    public void close() {
      pin.close();
    }
  }

  private PinShares.Joined readShares(String promptText, Map<String, String> env, Console console) {
    List<PinShare> shares = new ArrayList<>();
    try {
      for (int i = 0; i < shareSources.size(); i++) {
        shares.add(readShare(shareSources.get(i), i + 1, promptText, env, console));
      }
      return PinShares.join(shares);
    } finally {
      shares.forEach(PinShare::close);
    }
  }

  private PinShare readShare(
      PinSource src, int position, String promptText, Map<String, String> env, Console console) {
    String label =
        "PIN share "
            + position
            + " of the "
            + threshold
            + " needed for "
            + promptText
            + " (custodian: type your share)";
    int tries = src.kind == Kind.PROMPT ? 3 : 1;
    for (int t = 1; ; t++) {
      try (Secret text =
          src.kind == Kind.FILE
              ? readFile(Path.of(src.reference), false)
              : src.read(label, env, console)) {
        return PinShare.parse(text.withChars(PinSource::shareLine), position);
      } catch (PinShareException e) {
        if (t >= tries) {
          throw e;
        }
        console.printf("%s%n", e.getMessage());
      }
    }
  }

  /** The share line of a share file (comment lines start with #) or of what was typed. */
  private static String shareLine(char[] chars) {
    int i = 0;
    while (i < chars.length) {
      int end = i;
      while (end < chars.length && chars[end] != '\n' && chars[end] != '\r') {
        end++;
      }
      int start = i;
      while (start < end && Character.isWhitespace(chars[start])) {
        start++;
      }
      if (start < end && chars[start] != '#') {
        return new String(chars, start, end - start);
      }
      i = end + 1;
    }
    return "";
  }

  /** Reads the PIN with an explicit environment and console (tests). */
  public Secret read(String promptText, Map<String, String> env, Console console) {
    switch (kind) {
      case SHARES:
        return readShares(promptText, env, console).pin();
      case ENV:
        String value = env.get(reference);
        if (value == null || value.isEmpty()) {
          throw new IllegalArgumentException(
              "PIN source env:"
                  + reference
                  + ": the variable is not set or empty; export it first");
        }
        return Secret.adopt(value.toCharArray());
      case FILE:
        return readFile(Path.of(reference), true);
      case PROMPT:
      default:
        if (console == null) {
          throw new IllegalArgumentException(
              "PIN source 'prompt' needs a terminal, and there is none; use env:NAME or file:PATH");
        }
        char[] pin = console.readPassword("%s: ", promptText);
        if (pin == null || pin.length == 0) {
          throw new IllegalArgumentException("no PIN was entered at the prompt");
        }
        return Secret.adopt(pin);
    }
  }

  private static Secret readFile(Path path, boolean firstLineOnly) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "PIN source file:" + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    try {
      CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
      int end = 0;
      while (end < cb.limit() && (!firstLineOnly || cb.get(end) != '\n' && cb.get(end) != '\r')) {
        end++;
      }
      if (end == 0) {
        throw new IllegalArgumentException("PIN source file:" + path + " is empty");
      }
      char[] pin = new char[end];
      cb.get(pin, 0, end);
      Arrays.fill(cb.array(), '\0');
      return Secret.adopt(pin);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PinSource
        && ((PinSource) o).kind == kind
        && ((PinSource) o).reference.equals(reference);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, reference);
  }

  @Override
  public String toString() {
    switch (kind) {
      case ENV:
        return "env:" + reference;
      case FILE:
        return "file:" + reference;
      case SHARES:
        return "shares:" + reference;
      case PROMPT:
      default:
        return "prompt";
    }
  }
}
