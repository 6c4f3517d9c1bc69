package dev.keyceremony.core.sshsig;

import java.util.Arrays;
import java.util.Optional;

/** The OpenSSH public key types accepted for approvals, with the JCA names they verify with. */
public enum SshKeyType {
  ED25519("ssh-ed25519", null, 0),
  ECDSA_P256("ecdsa-sha2-nistp256", "nistp256", 32),
  ECDSA_P384("ecdsa-sha2-nistp384", "nistp384", 48),
  ECDSA_P521("ecdsa-sha2-nistp521", "nistp521", 66),
  RSA("ssh-rsa", null, 0),
  SK_ED25519("sk-ssh-ed25519@openssh.com", null, 0),
  SK_ECDSA_P256("sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", 32);

  private final String wireName;
  private final String curve;
  private final int fieldBytes;

  SshKeyType(String wireName, String curve, int fieldBytes) {
    this.wireName = wireName;
    this.curve = curve;
    this.fieldBytes = fieldBytes;
  }

  /** The name in key blobs and authorized_keys lines, e.g. {@code ssh-ed25519}. */
  public String wireName() {
    return wireName;
  }

  /** The SSH curve identifier (nistp256, ...) for ECDSA types; null otherwise. */
  String curve() {
    return curve;
  }

  /** Bytes of one ECDSA scalar (r or s) for this curve. */
  int fieldBytes() {
    return fieldBytes;
  }

  String jcaCurve() {
    switch (curve) {
      case "nistp256":
        return "secp256r1";
      case "nistp384":
        return "secp384r1";
      default:
        return "secp521r1";
    }
  }

  /** JCA signature algorithm for ECDSA (P1363 r||s encoding). */
  String ecdsaJca() {
    switch (curve) {
      case "nistp256":
        return "SHA256withECDSAinP1363Format";
      case "nistp384":
        return "SHA384withECDSAinP1363Format";
      default:
        return "SHA512withECDSAinP1363Format";
    }
  }

  boolean securityKey() {
    return this == SK_ED25519 || this == SK_ECDSA_P256;
  }

  boolean ecdsa() {
    return curve != null;
  }

  static Optional<SshKeyType> byWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  /** The accepted wire names, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(SshKeyType::wireName).toList());
  }
}
