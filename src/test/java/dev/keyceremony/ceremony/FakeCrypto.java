package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Software crypto shared by the Fake ports: OAEP and RSA_AES_KEY_WRAP in both directions. */
final class FakeCrypto {
  static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private FakeCrypto() {}

  static OAEPParameterSpec oaep(WrappingAlgorithm a) {
    MGF1ParameterSpec mgf =
        a.oaepHash() == WrappingAlgorithm.Hash.SHA_1
            ? MGF1ParameterSpec.SHA1
            : MGF1ParameterSpec.SHA256;
    return new OAEPParameterSpec(a.oaepHash().jcaName(), "MGF1", mgf, PSource.PSpecified.DEFAULT);
  }

  static byte[] wrap(WrappingAlgorithm a, PublicKey rsa, byte[] material, int modulusBytes)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    if (!a.isHybrid()) {
      c.init(Cipher.ENCRYPT_MODE, rsa, oaep(a));
      return c.doFinal(material);
    }
    byte[] aes = new byte[32];
    new java.security.SecureRandom().nextBytes(aes);
    c.init(Cipher.ENCRYPT_MODE, rsa, oaep(a));
    byte[] head = c.doFinal(aes);
    Cipher kwp = Cipher.getInstance("AESWRAPPAD", BC);
    kwp.init(Cipher.WRAP_MODE, new SecretKeySpec(aes, "AES"));
    byte[] tail = kwp.wrap(new SecretKeySpec(material, "RAW"));
    byte[] out = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }

  static byte[] unwrap(WrappingAlgorithm a, PrivateKey rsa, byte[] ct, int modulusBytes)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.DECRYPT_MODE, rsa, oaep(a));
    if (!a.isHybrid()) {
      return c.doFinal(ct);
    }
    byte[] aes = c.doFinal(Arrays.copyOf(ct, modulusBytes));
    Cipher kwp = Cipher.getInstance("AESWRAPPAD", BC);
    kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aes, "AES"));
    return kwp.doFinal(Arrays.copyOfRange(ct, modulusBytes, ct.length));
  }

  static KeyPair keyPair(KeySpec spec) throws GeneralSecurityException {
    if (spec.kind() == KeySpec.MaterialKind.RSA) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(spec.bits());
      return g.generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
    String curve = spec == KeySpec.ECC_SECG_P256K1 ? "secp256k1" : "secp" + spec.bits() + "r1";
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static byte[] sign(KeySpec spec, PrivateKey key, byte[] msg) throws GeneralSecurityException {
    String jca = AsymmetricProof.algorithms(spec)[1];
    Signature s = Signature.getInstance(jca, BC);
    if (jca.contains("PSS")) {
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
    s.initSign(key);
    s.update(msg);
    return s.sign();
  }

  static String hmacName(KeySpec spec) {
    return "HmacSHA" + spec.bits();
  }

  static byte[] mac(KeySpec spec, byte[] key, byte[] msg) throws GeneralSecurityException {
    javax.crypto.Mac m = javax.crypto.Mac.getInstance(hmacName(spec));
    m.init(new SecretKeySpec(key, "RAW"));
    return m.doFinal(msg);
  }

  static Key aes(byte[] k) {
    return new SecretKeySpec(k, "AES");
  }
}
