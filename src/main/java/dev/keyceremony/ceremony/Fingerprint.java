package dev.keyceremony.ceremony;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The SHA-256 fingerprint of a wrapping public key (DER SubjectPublicKeyInfo), in hex and as 24
 * words: the BIP-39 English mnemonic of the 32-byte hash (BIP-39 appends an 8-bit checksum, so a
 * misread word is usually caught). The word list is bundled as a resource; its SHA-256 is checked
 * by a test against BIP-39's published value.
 */
public record Fingerprint(String hex, List<String> words) {
  private static final String WORDLIST = "/dev/keyceremony/ceremony/bip39-english.txt";
  private static List<String> cached;

  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    words = List.copyOf(words);
  }

  public static Fingerprint of(byte[] spkiDer) {
    byte[] hash = sha256(spkiDer);
    return new Fingerprint(HexFormat.of().formatHex(hash), bip39(hash));
  }

  public String wordsText() {
    return String.join(" ", words);
  }

  /** Hex in groups of four for reading aloud. */
  public String groupedHex() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        b.append(i % 32 == 0 ? "\n" : " ");
      }
      b.append(hex, i, Math.min(hex.length(), i + 4));
    }
    return b.toString();
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }

  /** BIP-39: entropy || first ENT/32 bits of SHA-256(entropy), split into 11-bit word indexes. */
  static List<String> bip39(byte[] entropy) {
    if (entropy.length % 4 != 0 || entropy.length < 16 || entropy.length > 32) {
      throw new IllegalArgumentException("BIP-39 entropy must be 16 to 32 bytes, a multiple of 4");
    }
    int entBits = entropy.length * 8;
    int csBits = entBits / 32;
    BigInteger bits =
        new BigInteger(1, entropy)
            .shiftLeft(csBits)
            .or(BigInteger.valueOf((sha256(entropy)[0] & 0xff) >>> (8 - csBits)));
    int count = (entBits + csBits) / 11;
    List<String> list = bip39Words();
    List<String> out = new ArrayList<>(count);
    for (int i = count - 1; i >= 0; i--) {
      out.add(list.get(bits.shiftRight(i * 11).intValue() & 0x7ff));
    }
    return out;
  }

  static synchronized List<String> bip39Words() {
    if (cached == null) {
      try (InputStream in = Fingerprint.class.getResourceAsStream(WORDLIST)) {
        if (in == null) {
          throw new IllegalStateException("word list " + WORDLIST + " is missing from the jar");
        }
        List<String> w = new ArrayList<>(2048);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          w.add(line.trim());
        }
        if (w.size() != 2048) {
          throw new IllegalStateException("word list has " + w.size() + " words, not 2048");
        }
        cached = List.copyOf(w);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cached;
  }
}
