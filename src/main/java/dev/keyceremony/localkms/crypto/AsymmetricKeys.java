package dev.keyceremony.localkms.crypto;

import dev.keyceremony.localkms.model.KeySpecInfo;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/** Key generation, PKCS#8 parsing and public-key derivation for RSA and ECC key specs. */
public final class AsymmetricKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AsymmetricKeys() {}

  /** Fresh material for an AWS_KMS-origin key: raw bytes or PKCS#8 DER. */
  public static byte[] generate(KeySpecInfo spec) {
    try {
      switch (spec.family()) {
        case SYMMETRIC, HMAC -> {
          byte[] k = new byte[spec.rawLength()];
          RANDOM.nextBytes(k);
          return k;
        }
        case RSA -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(new RSAKeyGenParameterSpec(spec.bits(), RSAKeyGenParameterSpec.F4));
          return g.generateKeyPair().getPrivate().getEncoded();
        }
        default -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
          g.initialize(new ECGenParameterSpec(spec.jcaName()));
          return g.generateKeyPair().getPrivate().getEncoded();
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key generation failed for " + spec, e);
    }
  }

  public static PrivateKey privateKey(KeySpecInfo spec, byte[] pkcs8) {
    try {
      KeyFactory f =
          spec.family() == KeySpecInfo.Family.RSA
              ? KeyFactory.getInstance("RSA")
              : KeyFactory.getInstance("EC", Bc.PROVIDER);
      return f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored private key unreadable for " + spec, e);
    }
  }

  /** The public key KMS derives from imported private material. */
  public static PublicKey publicKey(KeySpecInfo spec, byte[] pkcs8) {
    PrivateKey priv = privateKey(spec, pkcs8);
    try {
      if (priv instanceof RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      ECPrivateKey ec = (ECPrivateKey) priv;
      ECParameterSpec params = ec.getParameters();
      return KeyFactory.getInstance("EC", Bc.PROVIDER)
          .generatePublic(
              new ECPublicKeySpec(params.getG().multiply(ec.getD()).normalize(), params));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException("public key derivation failed for " + spec, e);
    }
  }
}
