package dev.keyceremony.core;

import java.util.Arrays;

/**
 * A secret (a PIN) held as characters that are wiped on close. It prints as {@code ***}; its
 * contents are readable only through {@link #revealForUse()}, one searchable name.
 */
public final class Secret implements AutoCloseable {
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

  /** The characters, for handing to the device that needs them; never log or store them. */
  public char[] revealForUse() {
    if (wiped) {
      throw new IllegalStateException("secret was already wiped");
    }
    return chars;
  }

  /** A copy that the caller must close (wipe) itself. */
  public Secret copy() {
    return new Secret(Arrays.copyOf(revealForUse(), chars.length));
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
