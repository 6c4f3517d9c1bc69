package dev.keyceremony.core.pinshare;

import com.codahale.shamir.Scheme;
import dev.keyceremony.core.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits an HSM PIN into N shares of which any M recover it (Shamir over GF(256), through
 * com.codahale:shamir), and joins shares back into the PIN. Before splitting, the PIN's UTF-8 bytes
 * are put in a block of a multiple of 16 bytes (one length byte, the PIN, zeros), so a share shows
 * the PIN's length only to within 16 bytes. M-1 shares say nothing about the PIN.
 */
public final class PinShares {
  private static final int BLOCK = 16;

  private PinShares() {}

  /** What {@link #join} recovered: the PIN (caller closes it) and the split and shares used. */
  public record Joined(Secret pin, String split, int threshold, List<Integer> numbersUsed) {
    public Joined {
      numbersUsed = List.copyOf(numbersUsed);
    }

    /** For the transcript: which shares, never a share. */
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("split", split);
      m.put("threshold", threshold);
      m.put("sharesUsed", numbersUsed);
      return m;
    }
  }

  /** Splits {@code pin} into {@code n} shares, any {@code m} of which recover it. */
  public static List<PinShare> split(Secret pin, int n, int m, SecureRandom random) {
    if (m < 2 || n < m || n > 255) {
      throw new IllegalArgumentException(
          "--threshold " + m + " --shares " + n + ": need 2 <=" + " threshold <= shares <= 255");
    }
    byte[] block = pin.withChars(PinShares::encode);
    Map<Integer, byte[]> parts;
    try {
      parts = new Scheme(random, n, m).split(block);
    } finally {
      Arrays.fill(block, (byte) 0);
    }
    byte[] id = new byte[4];
    random.nextBytes(id);
    String split = HexFormat.of().formatHex(id);
    List<PinShare> out = new ArrayList<>();
    new TreeMap<>(parts).forEach((k, v) -> out.add(new PinShare(split, m, k, v)));
    return out;
  }

  /**
   * Joins shares into the PIN. At least the threshold of distinct shares of one split are needed;
   * extra shares are not used. A share from another split, a repeated share, or shares that do not
   * combine into a PIN are named by number.
   */
  public static Joined join(List<PinShare> shares) {
    if (shares.isEmpty()) {
      throw new PinShareException("no PIN shares were given");
    }
    PinShare first = shares.get(0);
    Map<Integer, byte[]> parts = new TreeMap<>();
    for (PinShare s : shares) {
      if (!s.split().equals(first.split())
          || s.threshold() != first.threshold()
          || s.value().length != first.value().length) {
        throw new PinShareException(
            "PIN share "
                + s.number()
                + " belongs to another split than"
                + " share "
                + first.number()
                + "; use shares made by the same ./ceremony pin split");
      }
      if (parts.containsKey(s.number())) {
        throw new PinShareException(
            "PIN share "
                + s.number()
                + " was given twice; "
                + first.threshold()
                + " different shares are needed");
      }
      if (parts.size() < first.threshold()) {
        parts.put(s.number(), s.value());
      }
    }
    if (parts.size() < first.threshold()) {
      throw new PinShareException(
          parts.size()
              + " PIN share(s) given ("
              + parts.keySet()
              + "); "
              + first.threshold()
              + " are needed");
    }
    byte[] block = new Scheme(new SecureRandom(), 255, first.threshold()).join(parts);
    try {
      return new Joined(
          Secret.adopt(decode(block, parts.keySet())),
          first.split(),
          first.threshold(),
          new ArrayList<>(parts.keySet()));
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }

  static byte[] encode(char[] pin) {
    ByteBuffer bb;
    try {
      bb =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(pin));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the PIN is not valid text (UTF-16 without pairs)");
    }
    int len = bb.remaining();
    if (len > 255) {
      Arrays.fill(bb.array(), (byte) 0);
      throw new IllegalArgumentException("the PIN is longer than 255 bytes");
    }
    byte[] block = new byte[((len + 1 + BLOCK - 1) / BLOCK) * BLOCK];
    block[0] = (byte) len;
    bb.get(block, 1, len);
    Arrays.fill(bb.array(), (byte) 0);
    return block;
  }

  private static char[] decode(byte[] block, java.util.Set<Integer> used) {
    int len = block[0] & 0xff;
    boolean ok = len > 0 && len + 1 <= block.length;
    for (int i = len + 1; ok && i < block.length; i++) {
      ok = block[i] == 0;
    }
    CharBuffer cb = null;
    if (ok) {
      try {
        cb =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(block, 1, len));
      } catch (CharacterCodingException e) {
        ok = false;
      }
    }
    if (!ok) {
      // Every share passed its check value, so one was re-made with a matching check value or
      // the split was done twice with the same ID; the shares alone cannot tell which one.
      throw new PinShareException(
          "PIN shares "
              + used
              + " do not combine into a PIN: one of"
              + " them does not belong with the others; try another combination of shares");
    }
    char[] pin = Arrays.copyOf(cb.array(), cb.limit());
    Arrays.fill(cb.array(), '\0');
    return pin;
  }
}
