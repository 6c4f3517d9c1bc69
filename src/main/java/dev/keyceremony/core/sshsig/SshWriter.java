package dev.keyceremony.core.sshsig;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes RFC 4251 wire types; used to rebuild the SSHSIG signed data. */
final class SshWriter {
  private byte[] buf = new byte[256];
  private int len;

  SshWriter raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  SshWriter u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  SshWriter u32(long v) {
    return u8((int) (v >>> 24)).u8((int) (v >>> 16)).u8((int) (v >>> 8)).u8((int) v);
  }

  SshWriter string(byte[] b) {
    return u32(b.length).raw(b);
  }

  SshWriter string(String s) {
    return string(s.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
