package dev.keyceremony.core;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Where a PIN comes from: {@code prompt} (an interactive no-echo prompt), {@code env:NAME} (an
 * environment variable's value) or {@code file:PATH} (a file's first line). Never a literal value:
 * PINs are not allowed on the command line or in a ceremony script.
 */
public final class PinSource {
  /** The kind of source. */
  public enum Kind {
    PROMPT,
    ENV,
    FILE
  }

  private final Kind kind;
  private final String reference;

  private PinSource(Kind kind, String reference) {
    this.kind = kind;
    this.reference = reference;
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
    throw new IllegalArgumentException(
        "PIN source is not 'prompt', 'env:NAME' or 'file:PATH' (the value is not shown, in case"
            + " it is a PIN); a PIN itself is never accepted on the command line or in a script");
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

  /** Reads the PIN with an explicit environment and console (tests). */
  public Secret read(String promptText, Map<String, String> env, Console console) {
    switch (kind) {
      case ENV:
        String value = env.get(reference);
        if (value == null || value.isEmpty()) {
          throw new IllegalArgumentException(
              "PIN source env:" + reference + ": the variable is not set or empty; export it first");
        }
        return Secret.adopt(value.toCharArray());
      case FILE:
        return readFile(Path.of(reference));
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

  private static Secret readFile(Path path) {
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
      while (end < cb.limit() && cb.get(end) != '\n' && cb.get(end) != '\r') {
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
      case PROMPT:
      default:
        return "prompt";
    }
  }
}
