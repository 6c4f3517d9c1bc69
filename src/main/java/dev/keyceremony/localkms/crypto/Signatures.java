package dev.keyceremony.localkms.crypto;

import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeySpecInfo;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Sign and Verify with AWS's algorithms: ECDSA_SHA_* (DER signatures), RSASSA_PSS_SHA_* (salt =
 * digest length, MGF1 same hash) and RSASSA_PKCS1_V1_5_SHA_*; MessageType RAW hashes the message,
 * DIGEST takes the hash as given (its length must match the algorithm).
 */
public final class Signatures {
  private Signatures() {}

  public static byte[] sign(
      KeySpecInfo spec, byte[] pkcs8, String algorithm, boolean digest, byte[] message) {
    try {
      Signature s = engine(algorithm);
      s.initSign(AsymmetricKeys.privateKey(spec, pkcs8));
      s.update(input(algorithm, digest, message));
      return s.sign();
    } catch (GeneralSecurityException | IOException e) {
      throw KmsError.internal("Signing failed.");
    }
  }

  public static boolean verify(
      KeySpecInfo spec,
      byte[] pkcs8,
      String algorithm,
      boolean digest,
      byte[] message,
      byte[] signature) {
    try {
      PublicKey pub = AsymmetricKeys.publicKey(spec, pkcs8);
      Signature s = engine(algorithm);
      s.initVerify(pub);
      s.update(input(algorithm, digest, message));
      return s.verify(signature);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      if (e instanceof KmsError k) {
        throw k;
      }
      return false;
    }
  }

  /** The bytes given to the raw (NONEwith*) engine: the digest, DigestInfo-wrapped for PKCS#1. */
  private static byte[] input(String algorithm, boolean isDigest, byte[] message)
      throws GeneralSecurityException, IOException {
    String hash = hash(algorithm);
    int len = MessageDigest.getInstance(hash).getDigestLength();
    byte[] d;
    if (isDigest) {
      if (message.length != len) {
        throw KmsError.validation("Digest is invalid length for algorithm " + algorithm + ".");
      }
      d = message;
    } else {
      d = MessageDigest.getInstance(hash).digest(message);
    }
    if (algorithm.startsWith("RSASSA_PKCS1_V1_5")) {
      return new DigestInfo(new AlgorithmIdentifier(oid(hash), DERNull.INSTANCE), d)
          .getEncoded("DER");
    }
    return d;
  }

  private static Signature engine(String algorithm) throws GeneralSecurityException {
    if (algorithm.startsWith("ECDSA")) {
      return Signature.getInstance("NONEwithECDSA", Bc.PROVIDER);
    }
    if (algorithm.startsWith("RSASSA_PKCS1_V1_5")) {
      return Signature.getInstance("NONEwithRSA", Bc.PROVIDER);
    }
    String hash = hash(algorithm);
    int len = MessageDigest.getInstance(hash).getDigestLength();
    Signature s = Signature.getInstance("RAWRSASSA-PSS", Bc.PROVIDER);
    s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), len, 1));
    return s;
  }

  private static String hash(String algorithm) {
    if (algorithm.endsWith("256")) {
      return "SHA-256";
    }
    if (algorithm.endsWith("384")) {
      return "SHA-384";
    }
    return "SHA-512";
  }

  private static ASN1ObjectIdentifier oid(String hash) {
    return switch (hash) {
      case "SHA-256" -> NISTObjectIdentifiers.id_sha256;
      case "SHA-384" -> NISTObjectIdentifiers.id_sha384;
      default -> NISTObjectIdentifiers.id_sha512;
    };
  }
}
