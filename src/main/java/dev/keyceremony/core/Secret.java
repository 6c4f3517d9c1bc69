package dev.keyceremony.core;

import java.util.Arrays;

/**
 * A secret (a PIN, a share, a credential) held as characters that are wiped on close. It prints as
 * {@code ***}. Its internal array never leaves this class: {@link #withChars} lends a copy that is
 * wiped when the callback returns, {@link #copyChars()} hands out a copy the caller must wipe, and
 * {@link #sameAs} compares two secrets in constant time.
 */
public final class Secret implements AutoCloseable {
  /** A callback that reads the characters; it may throw a checked exception of its device. */
  @FunctionalInterface
  public interface CharsFunction<T, E extends Exception> {
    T apply(char[] chars) throws E;
  }

  private final char[] chars;
  private boolean wiped;

  private Secret(char[] chars) {
    this.chars = chars;
  }

  /** Takes ownership of {@code chars}: the caller must not keep or wipe them. */
  public static Secret adopt(char[] chars) {
    if (chars == null || chars.length == 0) {
      throw new IllegalArgumentException("an empty secret was given");
    }
    return new Secret(chars);
  }

  /**
   * Lends a copy of the characters to {@code use} (for the device or library that needs them) and
   * wipes the copy when it returns or throws. {@code use} must not keep, log or store them.
   */
  public <T, E extends Exception> T withChars(CharsFunction<T, E> use) throws E {
    char[] lent = copyChars();
    try {
      return use.apply(lent);
    } finally {
      Arrays.fill(lent, '\0');
    }
  }

  /**
   * A copy of the characters for an API that keeps them beyond a call; the caller owns the copy and
   * must wipe it ({@code Arrays.fill(copy, '\0')}). Prefer {@link #withChars}.
   */
  public char[] copyChars() {
    ensureNotWiped();
    return Arrays.copyOf(chars, chars.length);
  }

  /** A copy that the caller must close (wipe) itself. */
  public Secret copy() {
    return new Secret(copyChars());
  }

  /**
   * Whether both secrets hold the same characters, in time that depends only on the lengths (not on
   * where the first difference is), so a comparison does not tell an observer how much of a guess
   * was right.
   */
  public boolean sameAs(Secret other) {
    ensureNotWiped();
    other.ensureNotWiped();
    char[] a = chars;
    char[] b = other.chars;
    int n = Math.max(a.length, b.length);
    int diff = a.length ^ b.length;
    for (int i = 0; i < n; i++) {
      // Indexes past the end of the shorter array read its first character instead: the loop
      // does the same work either way, and the length difference already decides the result.
      diff |= a[i < a.length ? i : 0] ^ b[i < b.length ? i : 0];
    }
    return diff == 0;
  }

  /** Whether {@link #close()} has wiped this secret. */
  public boolean isWiped() {
    return wiped;
  }

  private void ensureNotWiped() {
    if (wiped) {
      throw new IllegalStateException("secret was already wiped");
    }
  }

  @Override
  public void close() {
    Arrays.fill(chars, '\0');
    wiped = true;
  }

  @Override
  public String toString() {
    return "***";
  }
}
