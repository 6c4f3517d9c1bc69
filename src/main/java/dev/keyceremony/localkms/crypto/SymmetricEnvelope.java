package dev.keyceremony.localkms.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * This local KMS's own ciphertext blob for symmetric keys (AWS publishes no format): {@code 0x4C
 * 0x01 | keyIdLen (1 byte) | keyId (UTF-8) | IV (12) | AES-256-GCM ciphertext+tag}. The key is the
 * key's material; the AAD is the header plus the canonical encryption context, so a blob decrypts
 * only under the same key ID, the same material and the same context.
 */
public final class SymmetricEnvelope {
  private static final byte MAGIC = 0x4C;
  private static final byte VERSION = 0x01;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SymmetricEnvelope() {}

  public static byte[] seal(String keyId, byte[] material, Map<String, String> context, byte[] pt) {
    byte[] header = header(keyId);
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(material, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(header);
      c.updateAAD(canonical(context));
      byte[] ct = c.doFinal(pt);
      byte[] out = Arrays.copyOf(header, header.length + iv.length + ct.length);
      System.arraycopy(iv, 0, out, header.length, iv.length);
      System.arraycopy(ct, 0, out, header.length + iv.length, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** The key ID a blob names, or null if the blob is not in this format. */
  public static String keyIdOf(byte[] blob) {
    if (blob.length < 3 || blob[0] != MAGIC || blob[1] != VERSION) {
      return null;
    }
    int len = blob[2] & 0xff;
    if (blob.length < 3 + len + 12 + 16) {
      return null;
    }
    return new String(blob, 3, len, StandardCharsets.UTF_8);
  }

  /** Decrypts; null if the material or context is wrong or the blob was altered. */
  public static byte[] open(byte[] blob, byte[] material, Map<String, String> context) {
    String keyId = keyIdOf(blob);
    if (keyId == null) {
      return null;
    }
    int headerLen = 3 + (blob[2] & 0xff);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(material, "AES"),
          new GCMParameterSpec(128, blob, headerLen, 12));
      c.updateAAD(blob, 0, headerLen);
      c.updateAAD(canonical(context));
      return c.doFinal(blob, headerLen + 12, blob.length - headerLen - 12);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    byte[] h = new byte[3 + id.length];
    h[0] = MAGIC;
    h[1] = VERSION;
    h[2] = (byte) id.length;
    System.arraycopy(id, 0, h, 3, id.length);
    return h;
  }

  private static byte[] canonical(Map<String, String> context) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Map.Entry<String, String> e : new TreeMap<>(context).entrySet()) {
        byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
        byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
        out.writeInt(k.length);
        out.write(k);
        out.writeInt(v.length);
        out.write(v);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }
}
