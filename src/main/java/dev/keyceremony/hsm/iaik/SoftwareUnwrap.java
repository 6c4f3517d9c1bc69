package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The software side of the self-test: decrypts what the token wrapped exactly the way KMS does (JCE
 * OAEP with the named hash for OAEP and MGF1, empty label; BouncyCastle RFC 5649), and says
 * precisely why when it does not decrypt.
 */
final class SoftwareUnwrap {
  private static final Map<Integer, KeyPair> RSA_KEYS = new ConcurrentHashMap<>();

  private SoftwareUnwrap() {}

  /** Why a blob did not decrypt as the algorithm requires. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /** A software RSA key pair of this size, generated once per JVM (RSA-4096 takes ~1 s). */
  /**
   * The software RSA key pair the self-test wraps under: a fixed test key of {@code bits} shipped
   * in the jar ({@code self-test-rsa-BITS.p8}), generated anew only when none is shipped. The
   * self-test needs some RSA key of the wrapping key size to decrypt the token's output in
   * software; generating one took 0.2-6 s per run (docs/BENCHMARKS.md). The key protects nothing:
   * it wraps a throwaway session AES key that is destroyed right after (see
   * docs/decisions/0017-start-up.md).
   */
  static KeyPair rsaKeyPair(int bits) {
    return RSA_KEYS.computeIfAbsent(
        bits,
        b -> {
          try {
            KeyPair shipped = shippedTestKey(b);
            if (shipped != null) {
              return shipped;
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(b);
            return g.generateKeyPair();
          } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static KeyPair shippedTestKey(int bits)
      throws GeneralSecurityException, java.io.IOException {
    try (java.io.InputStream in =
        SoftwareUnwrap.class.getResourceAsStream("self-test-rsa-" + bits + ".p8")) {
      if (in == null) {
        return null;
      }
      java.security.KeyFactory f = java.security.KeyFactory.getInstance("RSA");
      java.security.interfaces.RSAPrivateCrtKey priv =
          (java.security.interfaces.RSAPrivateCrtKey)
              f.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(in.readAllBytes()));
      if (priv.getModulus().bitLength() != bits) {
        throw new IllegalStateException(
            "self-test-rsa-" + bits + ".p8 holds an RSA-" + priv.getModulus().bitLength() + " key");
      }
      java.security.PublicKey pub =
          f.generatePublic(
              new java.security.spec.RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
      return new KeyPair(pub, priv);
    }
  }

  static byte[] oaepDecrypt(PrivateKey key, WrappingAlgorithm.Hash hash, byte[] data)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        key,
        new OAEPParameterSpec(
            hash.jcaName(),
            "MGF1",
            new MGF1ParameterSpec(hash.jcaName()),
            PSource.PSpecified.DEFAULT));
    return c.doFinal(data);
  }

  /**
   * Recovers the wrapped material (for KWP: as unwrapped, including any padding the token added).
   */
  static byte[] unwrap(PrivateKey key, int modulusBytes, WrappingAlgorithm algorithm, byte[] blob)
      throws Failure {
    Optional<String> wrong =
        WrappingRules.wrappedLengthProblem(
            algorithm, WrappingKeySpec.ofBits(modulusBytes * 8), blob.length);
    if (wrong.isPresent()) {
      throw new Failure("output is " + blob.length + " bytes, " + wrong.get());
    }
    if (!algorithm.isHybrid()) {
      return oaep(key, algorithm.oaepHash(), blob);
    }
    byte[] aes = oaep(key, algorithm.oaepHash(), Arrays.copyOfRange(blob, 0, modulusBytes));
    try {
      if (aes.length != 32) {
        throw new Failure(
            "the OAEP part decrypts to " + aes.length + " bytes, not a 32-byte AES-256 key");
      }
      byte[] kwp = Arrays.copyOfRange(blob, modulusBytes, blob.length);
      return rfc5649Unwrap(aes, kwp);
    } finally {
      Arrays.fill(aes, (byte) 0);
    }
  }

  static byte[] rfc5649Unwrap(byte[] kek, byte[] wrapped) throws Failure {
    RFC5649WrapEngine engine = new RFC5649WrapEngine(AESEngine.newInstance());
    engine.init(false, new KeyParameter(kek));
    try {
      return engine.unwrap(wrapped, 0, wrapped.length);
    } catch (InvalidCipherTextException e) {
      RFC3394WrapEngine kw = new RFC3394WrapEngine(AESEngine.newInstance());
      kw.init(false, new KeyParameter(kek));
      try {
        kw.unwrap(wrapped, 0, wrapped.length);
        throw new Failure(
            "the key-wrap part is RFC 3394 (AES-KW, possibly with PKCS#7 padding), not RFC 5649"
                + " (AES-KWP) as KMS requires: this token's mechanism is not KWP");
      } catch (InvalidCipherTextException e2) {
        throw new Failure("the key-wrap part does not unwrap with RFC 5649 (AES-KWP)");
      }
    }
  }

  private static byte[] oaep(PrivateKey key, WrappingAlgorithm.Hash hash, byte[] data)
      throws Failure {
    try {
      return oaepDecrypt(key, hash, data);
    } catch (GeneralSecurityException e) {
      for (WrappingAlgorithm.Hash other : WrappingAlgorithm.Hash.values()) {
        if (other != hash) {
          try {
            oaepDecrypt(key, other, data);
            throw new Failure(
                "output did not decrypt with OAEP "
                    + hash.jcaName()
                    + ": token silently used "
                    + other.jcaName());
          } catch (GeneralSecurityException ignored) {
            // not this one either
          }
        }
      }
      throw new Failure(
          "output did not decrypt with OAEP "
              + hash.jcaName()
              + " (MGF1 "
              + hash.jcaName()
              + ", empty label)");
    }
  }

  /** AES-ECB of one zero block under {@code key}: the check value the token also computes. */
  static byte[] aesEcbZeroBlock(byte[] key) {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      return c.doFinal(new byte[16]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
