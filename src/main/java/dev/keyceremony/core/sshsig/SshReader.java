package dev.keyceremony.core.sshsig;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads RFC 4251 wire types (uint32, string, mpint) from a byte array; bounds-checked. */
final class SshReader {
  private final byte[] buf;
  private int pos;

  SshReader(byte[] buf) {
    this.buf = buf;
  }

  int u8() {
    need(1);
    return buf[pos++] & 0xff;
  }

  long u32() {
    need(4);
    long v =
        ((buf[pos] & 0xffL) << 24)
            | ((buf[pos + 1] & 0xffL) << 16)
            | ((buf[pos + 2] & 0xffL) << 8)
            | (buf[pos + 3] & 0xffL);
    pos += 4;
    return v;
  }

  byte[] bytes(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  byte[] string() {
    long n = u32();
    if (n > buf.length - pos) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "a length field (" + n + ") runs past the end of the data");
    }
    return bytes((int) n);
  }

  String text() {
    return new String(string(), StandardCharsets.UTF_8);
  }

  /** An mpint that must be non-negative (r, s, e, n). */
  BigInteger mpint() {
    byte[] b = string();
    if (b.length > 0 && (b[0] & 0x80) != 0) {
      throw new SshSigException(SshSigException.Reason.MALFORMED, "a negative mpint");
    }
    return b.length == 0 ? BigInteger.ZERO : new BigInteger(1, b);
  }

  boolean atEnd() {
    return pos == buf.length;
  }

  void end(String what) {
    if (!atEnd()) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          (buf.length - pos) + " unexpected trailing bytes after the " + what);
    }
  }

  private void need(int n) {
    if (n < 0 || n > buf.length - pos) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED, "the data ends early (truncated)");
    }
  }
}
