package dev.keyceremony.transcript;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lowercase hex, the one hash the transcript chain and fingerprints use. */
public final class Hashes {
  /** The {@code prev} of the first line: 64 zeros (there is no previous line). */
  public static final String GENESIS_PREV = "0".repeat(64);

  private Hashes() {}

  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Whether {@code s} is 64 lowercase hex digits. */
  static boolean isSha256Hex(String s) {
    return s != null
        && s.length() == 64
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
}
