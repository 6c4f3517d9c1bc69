package dev.keyceremony.transcript;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * Finds how many whole lines transcript.sig covers. Checkpoints sign the file as it was at that
 * moment, always at a line boundary, so the signed prefix is the longest line-boundary prefix the
 * signature verifies over. SHA-384 runs once over the file (digest clones at each boundary) and
 * only the 48-byte hashes are tried; the winner is then confirmed with plain {@code
 * SHA384withECDSA}.
 */
final class SignedPrefix {
  private SignedPrefix() {}

  /**
   * @param lineEnds byte offsets just after each complete line's newline, ascending
   * @param maxLines try prefixes of at most this many lines (lines from a known-bad one on cannot
   *     be in what was signed, and each try is an ECDSA verification)
   * @return the number of lines covered, 0 when the signature verifies over no line prefix
   */
  static int linesCovered(
      PublicKey key, byte[] file, int[] lineEnds, byte[] signature, int maxLines) {
    int n = Math.min(maxLines, lineEnds.length);
    if (n <= 0) {
      return 0;
    }
    if (SignerKeys.verify(key, Arrays.copyOf(file, lineEnds[n - 1]), signature)) {
      return n; // the common case: the whole file is signed
    }
    byte[][] hashes = prefixHashes(file, Arrays.copyOf(lineEnds, n));
    for (int i = n - 2; i >= 0; i--) {
      if (verifyHash(key, hashes[i], signature)
          && SignerKeys.verify(key, Arrays.copyOf(file, lineEnds[i]), signature)) {
        return i + 1;
      }
    }
    return 0;
  }

  private static byte[][] prefixHashes(byte[] file, int[] lineEnds) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-384");
      byte[][] out = new byte[lineEnds.length][];
      int from = 0;
      for (int i = 0; i < lineEnds.length; i++) {
        md.update(file, from, lineEnds[i] - from);
        from = lineEnds[i];
        out[i] = ((MessageDigest) md.clone()).digest();
      }
      return out;
    } catch (GeneralSecurityException | CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-384 is missing or not cloneable in this JDK", e);
    }
  }

  private static boolean verifyHash(PublicKey key, byte[] sha384, byte[] signature) {
    try {
      Signature s = Signature.getInstance("NONEwithECDSA");
      s.initVerify(key);
      s.update(sha384);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
