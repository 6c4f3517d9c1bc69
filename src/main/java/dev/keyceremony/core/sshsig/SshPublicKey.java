package dev.keyceremony.core.sshsig;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An OpenSSH public key: its wire blob (RFC 4253 / RFC 5656 / PROTOCOL.u2f encoding), type, comment
 * and the JCA key it verifies with. Parsed from an authorized_keys style line ({@code ssh-ed25519
 * AAAA... carol}) or from the blob inside a signature.
 */
public final class SshPublicKey {
  /** Smallest RSA modulus accepted for an approval; ssh-keygen makes 3072 by default. */
  static final int MIN_RSA_BITS = 2048;

  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final SshKeyType type;
  private final byte[] blob;
  private final String comment;
  private final PublicKey jcaKey;
  private final String application;

  private SshPublicKey(
      SshKeyType type, byte[] blob, String comment, PublicKey jcaKey, String application) {
    this.type = type;
    this.blob = blob;
    this.comment = comment;
    this.jcaKey = jcaKey;
    this.application = application;
  }

  /**
   * Parses {@code TYPE BASE64 [COMMENT]}, the format of {@code id_ed25519.pub} and authorized_keys
   * (without options). The type word must match the type inside the blob.
   */
  public static SshPublicKey parseLine(String line) {
    if (line == null || line.isBlank()) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "the SSH public key is empty; give the one line of KEY.pub, e.g. 'ssh-ed25519 AAAA..."
              + " name'");
    }
    String[] parts = line.trim().split("\\s+", 3);
    if (parts.length < 2) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "SSH public key '"
              + abbreviate(line)
              + "' has no base64 part; give the one line of KEY.pub, e.g."
              + " 'ssh-ed25519 AAAA... name'");
    }
    if (SshKeyType.byWireName(parts[0]).isEmpty()) {
      throw new SshSigException(
          SshSigException.Reason.UNSUPPORTED,
          "SSH public key type '"
              + parts[0]
              + "' is not accepted; accepted: "
              + SshKeyType.names());
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "SSH public key '" + abbreviate(line) + "': the base64 part is not valid base64");
    }
    SshPublicKey k = fromBlob(blob, parts.length == 3 ? parts[2].trim() : "");
    if (!k.type.wireName().equals(parts[0])) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "SSH public key line says '"
              + parts[0]
              + "' but the key inside is '"
              + k.type.wireName()
              + "'");
    }
    return k;
  }

  /** Decodes a key blob; {@code comment} may be empty. */
  public static SshPublicKey fromBlob(byte[] blob, String comment) {
    SshReader r = new SshReader(blob);
    String name = r.text();
    SshKeyType type =
        SshKeyType.byWireName(name)
            .orElseThrow(
                () ->
                    new SshSigException(
                        SshSigException.Reason.UNSUPPORTED,
                        "SSH key type '"
                            + name
                            + "' is not accepted;"
                            + " accepted: "
                            + SshKeyType.names()));
    PublicKey key;
    String application = null;
    try {
      switch (type) {
        case ED25519:
        case SK_ED25519:
          key = ed25519(r.string());
          break;
        case RSA:
          BigInteger e = r.mpint();
          BigInteger n = r.mpint();
          if (n.bitLength() < MIN_RSA_BITS) {
            throw new SshSigException(
                SshSigException.Reason.UNSUPPORTED,
                "RSA key of "
                    + n.bitLength()
                    + " bits; at least "
                    + MIN_RSA_BITS
                    + " are required");
          }
          key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
          break;
        default:
          String curve = r.text();
          if (!curve.equals(type.curve())) {
            throw new SshSigException(
                SshSigException.Reason.MALFORMED,
                "key type " + name + " names curve '" + curve + "'");
          }
          key = ec(type, r.string());
      }
    } catch (GeneralSecurityException e) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "the " + name + " public key is not a valid key (" + e.getClass().getSimpleName() + ")");
    }
    if (type.securityKey()) {
      application = r.text();
    }
    r.end(name + " public key");
    return new SshPublicKey(type, blob.clone(), comment, key, application);
  }

  private static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "an Ed25519 public key has " + raw.length + " bytes, not 32");
    }
    byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  private static PublicKey ec(SshKeyType type, byte[] q) throws GeneralSecurityException {
    int n = type.fieldBytes();
    if (q.length != 1 + 2 * n || q[0] != 0x04) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED,
          "the "
              + type.curve()
              + " point is not an uncompressed point of "
              + (1 + 2 * n)
              + " bytes");
    }
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(type.jcaCurve()));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + n)),
            new BigInteger(1, Arrays.copyOfRange(q, 1 + n, q.length)));
    // The JDK's KeyFactory checks that the point is on the curve.
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
  }

  public SshKeyType type() {
    return type;
  }

  /** The wire blob; two keys are the same key exactly when their blobs are equal. */
  public byte[] blob() {
    return blob.clone();
  }

  public String comment() {
    return comment;
  }

  PublicKey jcaKey() {
    return jcaKey;
  }

  /** The FIDO application (usually {@code ssh:}) of a security key; null for other types. */
  public String application() {
    return application;
  }

  /** {@code SHA256:...} exactly as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code TYPE BASE64} (no comment), the form for allowed_signers files. */
  public String line() {
    return type.wireName() + " " + Base64.getEncoder().encodeToString(blob);
  }

  public boolean sameKey(SshPublicKey other) {
    return MessageDigest.isEqual(blob, other.blob);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshPublicKey && sameKey((SshPublicKey) o);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blob);
  }

  @Override
  public String toString() {
    return type.wireName() + " " + fingerprint();
  }

  private static String abbreviate(String s) {
    String t = s.trim();
    return t.length() <= 40 ? t : t.substring(0, 37) + "...";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
