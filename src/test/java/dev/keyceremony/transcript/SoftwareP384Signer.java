package dev.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A real ECDSA P-384 signer in software, for unit tests only (the ceremony signs in the HSM).
 * Counts its signatures so tests can see when a checkpoint happened.
 */
public final class SoftwareP384Signer implements TranscriptSigner {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  final AtomicInteger signatures = new AtomicInteger();

  SoftwareP384Signer(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
  }

  public static SoftwareP384Signer generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      return new SoftwareP384Signer(g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixed test key under src/test/resources (a test key: never use it for anything real). */
  public static SoftwareP384Signer fixedTestKey() {
    try {
      KeyFactory kf = KeyFactory.getInstance("EC");
      PrivateKey priv =
          kf.generatePrivate(new PKCS8EncodedKeySpec(pem("test-signer-p384.key.pem")));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(pem("test-signer-p384.pub.pem")));
      return new SoftwareP384Signer(new KeyPair(pub, priv));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] pem(String resource) {
    try (InputStream in = SoftwareP384Signer.class.getResourceAsStream(resource);
        PemReader r = new PemReader(new java.io.InputStreamReader(in, StandardCharsets.US_ASCII))) {
      PemObject o = r.readPemObject();
      return o.getContent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] publicKeySpki() {
    return publicKey.getEncoded();
  }

  @Override
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA384withECDSA");
      s.initSign(privateKey);
      s.update(data);
      signatures.incrementAndGet();
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
