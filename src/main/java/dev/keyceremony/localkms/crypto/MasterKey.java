package dev.keyceremony.localkms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-instance master key (AES-256). Seals import tokens and persisted material with AES-GCM
 * and derives purpose-bound subkeys (token key, material-ID key) so one key never serves two
 * purposes. Sealed form: 0x01 | 12-byte IV | ciphertext+tag.
 */
public final class MasterKey {
  private static final byte VERSION = 1;
  private static final int IV_LEN = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  public MasterKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("master key must be 32 bytes, got " + key.length);
    }
    this.key = key.clone();
  }

  public static MasterKey random() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return new MasterKey(k);
  }

  /** The raw key, for writing master.key only. */
  public byte[] exportForStorage() {
    return key.clone();
  }

  /** A subkey for one named purpose: HMAC-SHA256(master, purpose). */
  public MasterKey derive(String purpose) {
    return new MasterKey(hmac(purpose.getBytes(StandardCharsets.UTF_8)));
  }

  public byte[] hmac(byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public byte[] seal(byte[] plaintext, byte[] aad) {
    try {
      byte[] iv = new byte[IV_LEN];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad);
      byte[] ct = c.doFinal(plaintext);
      byte[] out = new byte[1 + IV_LEN + ct.length];
      out[0] = VERSION;
      System.arraycopy(iv, 0, out, 1, IV_LEN);
      System.arraycopy(ct, 0, out, 1 + IV_LEN, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Opens a sealed blob; returns null if it is not ours, was altered, or the AAD differs. */
  public byte[] open(byte[] sealed, byte[] aad) {
    if (sealed == null || sealed.length < 1 + IV_LEN + 16 || sealed[0] != VERSION) {
      return null;
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, Arrays.copyOfRange(sealed, 1, 1 + IV_LEN)));
      c.updateAAD(aad);
      return c.doFinal(sealed, 1 + IV_LEN, sealed.length - 1 - IV_LEN);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "MasterKey[***]";
  }
}
