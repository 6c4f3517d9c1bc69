package dev.keyceremony.core.sshsig;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/**
 * Verifies SSHSIG signatures (PROTOCOL.sshsig, PROTOCOL.u2f) in Java, as {@code ssh-keygen -Y
 * verify} does: namespace, hash algorithm (sha256, sha512), the signed-data blob, then the key
 * type's own signature algorithm. Pure: no I/O, no clock; the caller matches the key against its
 * roster. Stricter than ssh-keygen in two places, both named: RSA keys below 2048 bits and
 * security-key signatures without the user-presence flag are refused.
 */
public final class SshSigVerifier {
  /** User presence ("touch") flag of a FIDO signature. */
  static final int SK_USER_PRESENT = 0x01;

  private SshSigVerifier() {}

  /**
   * Verifies {@code sig} over {@code message} for {@code namespace}; returns what was verified or
   * throws {@link SshSigException} naming the reason.
   */
  public static Verified verify(SshSignature sig, byte[] message, String namespace) {
    if (!sig.namespace().equals(namespace)) {
      throw new SshSigException(
          SshSigException.Reason.NAMESPACE,
          "signed for namespace '"
              + sig.namespace()
              + "', not '"
              + namespace
              + "'; sign with ssh-keygen -Y sign -n "
              + namespace);
    }
    String jcaHash;
    switch (sig.hashAlgorithm()) {
      case "sha256":
        jcaHash = "SHA-256";
        break;
      case "sha512":
        jcaHash = "SHA-512";
        break;
      default:
        throw new SshSigException(
            SshSigException.Reason.UNSUPPORTED,
            "hash algorithm '" + sig.hashAlgorithm() + "'; only sha256 and sha512 are defined");
    }
    byte[] signedData =
        new SshWriter()
            .raw(SshSignature.MAGIC)
            .string(sig.namespace())
            .string(sig.reserved())
            .string(sig.hashAlgorithm())
            .string(digest(jcaHash, message))
            .toBytes();
    SshPublicKey key = sig.publicKey();
    SshReader r = new SshReader(sig.innerSignature());
    String sigType = r.text();
    byte[] raw = r.string();
    Integer flags = null;
    Long counter = null;
    if (key.type().securityKey()) {
      flags = r.u8();
      counter = r.u32();
    }
    r.end("signature");
    boolean ok;
    try {
      ok = check(key, sigType, raw, signedData, flags, counter);
    } catch (GeneralSecurityException e) {
      ok = false;
    }
    if (!ok) {
      throw new SshSigException(
          SshSigException.Reason.BAD_SIGNATURE,
          "the "
              + sigType
              + " signature by "
              + key.fingerprint()
              + " does not verify over these bytes (signed"
              + " over other bytes, or corrupted)");
    }
    if (flags != null && (flags & SK_USER_PRESENT) == 0) {
      throw new SshSigException(
          SshSigException.Reason.NO_USER_PRESENCE,
          "the security key "
              + key.fingerprint()
              + " signed without user presence (flags 0x"
              + Integer.toHexString(flags)
              + "); sign again touching the key");
    }
    return new Verified(key, sigType, sig.hashAlgorithm(), flags, counter);
  }

  private static boolean check(
      SshPublicKey key, String sigType, byte[] raw, byte[] signedData, Integer flags, Long counter)
      throws GeneralSecurityException {
    SshKeyType t = key.type();
    switch (t) {
      case ED25519:
        expectType(sigType, t.wireName());
        return jca("Ed25519", key, signedData, raw);
      case RSA:
        String alg;
        if (sigType.equals("rsa-sha2-256")) {
          alg = "SHA256withRSA";
        } else if (sigType.equals("rsa-sha2-512")) {
          alg = "SHA512withRSA";
        } else {
          throw new SshSigException(
              SshSigException.Reason.UNSUPPORTED,
              "RSA signature algorithm '"
                  + sigType
                  + "'; only rsa-sha2-256 and rsa-sha2-512 are allowed");
        }
        return jca(alg, key, signedData, padRsa(raw, (RSAPublicKey) key.jcaKey()));
      case SK_ED25519:
        expectType(sigType, t.wireName());
        return jca("Ed25519", key, skSigned(key, flags, counter, signedData), raw);
      case SK_ECDSA_P256:
        expectType(sigType, t.wireName());
        return jca(t.ecdsaJca(), key, skSigned(key, flags, counter, signedData), p1363(t, raw));
      default:
        expectType(sigType, t.wireName());
        return jca(t.ecdsaJca(), key, signedData, p1363(t, raw));
    }
  }

  /** PROTOCOL.u2f: SHA256(application) || flags || counter || extensions (none) || SHA256(m). */
  private static byte[] skSigned(SshPublicKey key, int flags, long counter, byte[] message) {
    return new SshWriter()
        .raw(digest("SHA-256", SshPublicKey.utf8(key.application())))
        .u8(flags)
        .u32(counter)
        .raw(digest("SHA-256", message))
        .toBytes();
  }

  private static boolean jca(String alg, SshPublicKey key, byte[] data, byte[] sig)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance(alg);
    s.initVerify(key.jcaKey());
    s.update(data);
    return s.verify(sig);
  }

  /** RFC 5656 mpint r, mpint s to fixed-length r||s. */
  private static byte[] p1363(SshKeyType t, byte[] raw) {
    SshReader r = new SshReader(raw);
    BigInteger rr = r.mpint();
    BigInteger ss = r.mpint();
    r.end("ECDSA signature");
    int n = t.fieldBytes();
    byte[] out = new byte[2 * n];
    if (!fit(rr, out, 0, n) || !fit(ss, out, n, n)) {
      throw new SshSigException(
          SshSigException.Reason.BAD_SIGNATURE,
          "an ECDSA signature value is larger than the curve allows");
    }
    return out;
  }

  private static boolean fit(BigInteger v, byte[] out, int off, int n) {
    byte[] b = v.toByteArray();
    int start = b.length > 1 && b[0] == 0 ? 1 : 0;
    int len = b.length - start;
    if (len > n) {
      return false;
    }
    System.arraycopy(b, start, out, off + n - len, len);
    return true;
  }

  /** OpenSSH accepts RSA signatures shorter than the modulus (left-padded); so do we. */
  private static byte[] padRsa(byte[] raw, RSAPublicKey k) {
    int len = (k.getModulus().bitLength() + 7) / 8;
    if (raw.length >= len) {
      return raw;
    }
    byte[] out = new byte[len];
    System.arraycopy(raw, 0, out, len - raw.length, raw.length);
    return out;
  }

  private static void expectType(String got, String want) {
    if (!got.equals(want)) {
      throw new SshSigException(
          SshSigException.Reason.UNSUPPORTED,
          "signature algorithm '" + got + "' does not belong to a " + want + " key");
    }
  }

  static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(alg + " is missing from this JDK", e);
    }
  }

  /**
   * A verified signature: the key, the signature algorithm, the hash, and for security keys the
   * flags and counter (null otherwise).
   */
  public record Verified(
      SshPublicKey key,
      String signatureAlgorithm,
      String hashAlgorithm,
      Integer skFlags,
      Long skCounter) {}
}
