package dev.keyceremony.core.sshsig;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Makes the committed FIDO (sk-) SSHSIG vectors under src/test/resources/sshsig/ without a security
 * key: a software key pair stands in for the authenticator and signs exactly what PROTOCOL.u2f says
 * the authenticator signs (SHA256(application) || flags || counter || SHA256(signed data)); the
 * rest follows PROTOCOL.sshsig. The vectors are independent of this project's verifier because
 * {@link SkVectorsTest} also has stock {@code ssh-keygen -Y verify} accept them. Regenerate with:
 * {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.keyceremony.core.sshsig.SkVectorGenerator} (not needed for the build).
 */
public final class SkVectorGenerator {
  static final String NAMESPACE = "kms-key-ceremony";
  static final String APPLICATION = "ssh:";
  static final byte[] MESSAGE =
      ("kms-key-ceremony approval request (test vector)\n"
              + "script-sha256: 0000000000000000000000000000000000000000000000000000000000000000\n")
          .getBytes(StandardCharsets.UTF_8);

  private SkVectorGenerator() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/sshsig");
    Files.createDirectories(dir);
    Files.write(dir.resolve("sk-message.txt"), MESSAGE);
    write(dir, "sk-ed25519", ed25519(0x01, 42));
    write(dir, "sk-ecdsa", ecdsa(0x05, 7));
    write(dir, "sk-ed25519-no-touch", ed25519(0x00, 43));
  }

  private static void write(Path dir, String name, String[] pubAndSig) throws Exception {
    Files.writeString(dir.resolve(name + ".pub"), pubAndSig[0] + "\n");
    Files.writeString(dir.resolve(name + ".sig"), pubAndSig[1]);
  }

  static String[] ed25519(int flags, long counter) throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = kp.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    byte[] keyBlob =
        new SshWriter()
            .string("sk-ssh-ed25519@openssh.com")
            .string(raw)
            .string(APPLICATION)
            .toBytes();
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(kp.getPrivate());
    s.update(authenticatorInput(flags, counter));
    byte[] inner =
        new SshWriter()
            .string("sk-ssh-ed25519@openssh.com")
            .string(s.sign())
            .u8(flags)
            .u32(counter)
            .toBytes();
    return new String[] {line("sk-ssh-ed25519@openssh.com", keyBlob), armor(keyBlob, inner)};
  }

  static String[] ecdsa(int flags, long counter) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    ECPublicKey pub = (ECPublicKey) kp.getPublic();
    byte[] q = new byte[65];
    q[0] = 4;
    put(pub.getW().getAffineX(), q, 1);
    put(pub.getW().getAffineY(), q, 33);
    byte[] keyBlob =
        new SshWriter()
            .string("sk-ecdsa-sha2-nistp256@openssh.com")
            .string("nistp256")
            .string(q)
            .string(APPLICATION)
            .toBytes();
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(kp.getPrivate());
    s.update(authenticatorInput(flags, counter));
    byte[] rs = s.sign();
    byte[] ecdsaSig =
        new SshWriter()
            .string(new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)).toByteArray())
            .string(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)).toByteArray())
            .toBytes();
    byte[] inner =
        new SshWriter()
            .string("sk-ecdsa-sha2-nistp256@openssh.com")
            .string(ecdsaSig)
            .u8(flags)
            .u32(counter)
            .toBytes();
    return new String[] {
      line("sk-ecdsa-sha2-nistp256@openssh.com", keyBlob), armor(keyBlob, inner)
    };
  }

  /**
   * An rsa-sha2-256 SSHSIG over {@code message} by a fresh 2048-bit RSA key (ssh-keygen -Y sign
   * always uses rsa-sha2-512, so this is the way to exercise the other allowed algorithm).
   */
  static String[] rsaSha256(byte[] message) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    java.security.interfaces.RSAPublicKey pub =
        (java.security.interfaces.RSAPublicKey) kp.getPublic();
    byte[] keyBlob =
        new SshWriter()
            .string("ssh-rsa")
            .string(pub.getPublicExponent().toByteArray())
            .string(pub.getModulus().toByteArray())
            .toBytes();
    byte[] signedData =
        new SshWriter()
            .raw("SSHSIG".getBytes(StandardCharsets.US_ASCII))
            .string(NAMESPACE)
            .string(new byte[0])
            .string("sha512")
            .string(MessageDigest.getInstance("SHA-512").digest(message))
            .toBytes();
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(kp.getPrivate());
    s.update(signedData);
    byte[] inner = new SshWriter().string("rsa-sha2-256").string(s.sign()).toBytes();
    return new String[] {line("ssh-rsa", keyBlob), armor(keyBlob, inner)};
  }

  private static byte[] authenticatorInput(int flags, long counter) throws Exception {
    byte[] signedData =
        new SshWriter()
            .raw("SSHSIG".getBytes(StandardCharsets.US_ASCII))
            .string(NAMESPACE)
            .string(new byte[0])
            .string("sha512")
            .string(MessageDigest.getInstance("SHA-512").digest(MESSAGE))
            .toBytes();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    return new SshWriter()
        .raw(sha256.digest(APPLICATION.getBytes(StandardCharsets.UTF_8)))
        .u8(flags)
        .u32(counter)
        .raw(sha256.digest(signedData))
        .toBytes();
  }

  private static String armor(byte[] keyBlob, byte[] inner) {
    byte[] blob =
        new SshWriter()
            .raw("SSHSIG".getBytes(StandardCharsets.US_ASCII))
            .u32(1)
            .string(keyBlob)
            .string(NAMESPACE)
            .string(new byte[0])
            .string("sha512")
            .string(inner)
            .toBytes();
    String b64 = Base64.getEncoder().encodeToString(blob);
    StringBuilder sb = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
    for (int i = 0; i < b64.length(); i += 70) {
      sb.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
    }
    return sb.append("-----END SSH SIGNATURE-----\n").toString();
  }

  private static String line(String type, byte[] blob) {
    return type + " " + Base64.getEncoder().encodeToString(blob) + " test-vector";
  }

  private static void put(BigInteger v, byte[] out, int off) {
    byte[] b = v.toByteArray();
    int start = b.length > 32 ? b.length - 32 : 0;
    System.arraycopy(b, start, out, off + 32 - (b.length - start), b.length - start);
  }
}
