package dev.keyceremony.core.sshsig;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A parsed SSHSIG signature (OpenSSH PROTOCOL.sshsig): the signer's public key, namespace, reserved
 * field, hash algorithm and the inner SSH signature, plus the armored text it came from. Parsing
 * checks only the structure; {@link SshSigVerifier} checks the signature.
 */
public final class SshSignature {
  static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
  static final String END = "-----END SSH SIGNATURE-----";
  static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  static final long VERSION = 1;

  private final String armored;
  private final SshPublicKey publicKey;
  private final String namespace;
  private final byte[] reserved;
  private final String hashAlgorithm;
  private final byte[] signature;

  private SshSignature(
      String armored,
      SshPublicKey publicKey,
      String namespace,
      byte[] reserved,
      String hashAlgorithm,
      byte[] signature) {
    this.armored = armored;
    this.publicKey = publicKey;
    this.namespace = namespace;
    this.reserved = reserved;
    this.hashAlgorithm = hashAlgorithm;
    this.signature = signature;
  }

  /** Parses the armored text of a {@code .sig} file (surrounding whitespace is ignored). */
  public static SshSignature parseArmored(String text) {
    if (text == null) {
      throw new SshSigException(SshSigException.Reason.ARMOR, "no signature text");
    }
    String t = text.strip();
    if (!t.startsWith(BEGIN)) {
      throw new SshSigException(
          SshSigException.Reason.ARMOR, "the text does not start with " + BEGIN);
    }
    int end = t.indexOf(END);
    if (end < 0) {
      throw new SshSigException(
          SshSigException.Reason.ARMOR, "no " + END + " line: the signature is truncated");
    }
    if (end + END.length() != t.length()) {
      throw new SshSigException(SshSigException.Reason.ARMOR, "text follows the " + END + " line");
    }
    String body = t.substring(BEGIN.length(), end).replaceAll("\\s+", "");
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new SshSigException(
          SshSigException.Reason.ARMOR, "the base64 between the BEGIN and END lines is corrupted");
    }
    try {
      return parseBlob(blob, t + "\n");
    } catch (SshSigException e) {
      if (e.reason() == SshSigException.Reason.MALFORMED) {
        throw new SshSigException(
            SshSigException.Reason.ARMOR,
            "the signature's contents are truncated or corrupted: " + e.getMessage());
      }
      throw e;
    }
  }

  private static SshSignature parseBlob(byte[] blob, String armored) {
    SshReader r = new SshReader(blob);
    if (!Arrays.equals(r.bytes(MAGIC.length), MAGIC)) {
      throw new SshSigException(
          SshSigException.Reason.MALFORMED, "the contents do not start with SSHSIG");
    }
    long version = r.u32();
    if (version != VERSION) {
      throw new SshSigException(
          SshSigException.Reason.UNSUPPORTED,
          "SSHSIG version " + version + "; only version 1 is supported");
    }
    SshPublicKey key = SshPublicKey.fromBlob(r.string(), "");
    String ns = r.text();
    byte[] reserved = r.string();
    String hash = r.text();
    byte[] sig = r.string();
    r.end("SSHSIG signature");
    return new SshSignature(armored, key, ns, reserved, hash, sig);
  }

  /** The armored text, normalised to end in one newline; what a {@code .sig} file holds. */
  public String armored() {
    return armored;
  }

  /** The key that made the signature, as carried inside it (to be matched against a roster). */
  public SshPublicKey publicKey() {
    return publicKey;
  }

  public String namespace() {
    return namespace;
  }

  byte[] reserved() {
    return reserved.clone();
  }

  public String hashAlgorithm() {
    return hashAlgorithm;
  }

  byte[] innerSignature() {
    return signature.clone();
  }

  @Override
  public String toString() {
    return "SSHSIG(" + publicKey + ", namespace " + namespace + ", " + hashAlgorithm + ")";
  }
}
