package dev.keyceremony.localkms.crypto;

import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeySpecInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Checks that unwrapped material fits the key spec (IncorrectKeyMaterialException otherwise): exact
 * length for AES and HMAC keys; for RSA and ECC a PKCS#8 PrivateKeyInfo of the right algorithm,
 * modulus size (two primes) or named curve. Trailing zero bytes after the outer DER element are
 * trimmed, because SoftHSM 2.6.1's C_WrapKey pads PKCS#8 that way.
 */
public final class MaterialValidator {
  private MaterialValidator() {}

  public static ValidatedMaterial validate(KeySpecInfo spec, byte[] raw) {
    return switch (spec.family()) {
      case SYMMETRIC, HMAC -> raw(spec, raw);
      case RSA -> rsa(spec, trimmedInfo(spec, raw));
      case ECC -> ecc(spec, trimmedInfo(spec, raw));
    };
  }

  private static ValidatedMaterial raw(KeySpecInfo spec, byte[] raw) {
    if (raw.length != spec.rawLength()) {
      throw incorrect(
          "Key material for "
              + spec
              + " must be exactly "
              + spec.rawLength()
              + " bytes, got "
              + raw.length
              + ".");
    }
    return new ValidatedMaterial(raw.clone(), raw.clone());
  }

  private static PrivateKeyInfo trimmedInfo(KeySpecInfo spec, byte[] raw) {
    ByteArrayInputStream in = new ByteArrayInputStream(raw);
    try (ASN1InputStream asn1 = new ASN1InputStream(in, raw.length)) {
      ASN1Primitive outer = asn1.readObject();
      if (outer == null) {
        throw notPkcs8(spec);
      }
      // Anything after the outer element must be zero padding (SoftHSM 2.6.1); we trim it.
      for (byte b : in.readAllBytes()) {
        if (b != 0) {
          throw notPkcs8(spec);
        }
      }
      return PrivateKeyInfo.getInstance(outer);
    } catch (KmsError e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Hostile nesting inside wrapped material must not become a 500.
      throw notPkcs8(spec);
    }
  }

  private static ValidatedMaterial rsa(KeySpecInfo spec, PrivateKeyInfo info) {
    if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
      throw incorrect("Key material for " + spec + " must be an RSA private key (PKCS#8).");
    }
    try {
      RSAPrivateKey k = RSAPrivateKey.getInstance(info.parsePrivateKey());
      if (k.getVersion().signum() != 0) {
        throw incorrect("Key material for " + spec + " must be a two-prime RSA private key.");
      }
      if (k.getModulus().bitLength() != spec.bits()) {
        throw incorrect(
            "Key material for "
                + spec
                + " must have a "
                + spec.bits()
                + "-bit modulus, got "
                + k.getModulus().bitLength()
                + " bits.");
      }
      if (!k.getPrime1().multiply(k.getPrime2()).equals(k.getModulus())) {
        throw incorrect("Key material for " + spec + " is not a consistent RSA private key.");
      }
      byte[] identity = concat(k.getModulus().toByteArray(), k.getPrivateExponent().toByteArray());
      return new ValidatedMaterial(info.getEncoded("DER"), identity);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw notPkcs8(spec);
    }
  }

  private static ValidatedMaterial ecc(KeySpecInfo spec, PrivateKeyInfo info) {
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
      throw incorrect("Key material for " + spec + " must be an EC private key (PKCS#8).");
    }
    ASN1ObjectIdentifier expected = ECNamedCurveTable.getOID(spec.jcaName());
    Object params = info.getPrivateKeyAlgorithm().getParameters();
    if (!(params instanceof ASN1ObjectIdentifier curve) || !curve.equals(expected)) {
      throw incorrect(
          "Key material for "
              + spec
              + " must be a private key on the named curve "
              + spec.jcaName()
              + ".");
    }
    try {
      BigInteger d =
          org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
      X9ECParameters x9 = ECNamedCurveTable.getByOID(expected);
      if (d.signum() <= 0 || d.compareTo(x9.getN()) >= 0) {
        throw incorrect("Key material for " + spec + " has a private scalar out of range.");
      }
      byte[] identity = concat(expected.getEncoded(), d.toByteArray());
      return new ValidatedMaterial(info.getEncoded("DER"), identity);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw notPkcs8(spec);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static KmsError notPkcs8(KeySpecInfo spec) {
    return incorrect("Key material for " + spec + " must be a DER-encoded PKCS#8 PrivateKeyInfo.");
  }

  static KmsError incorrect(String message) {
    return new KmsError("IncorrectKeyMaterialException", message);
  }
}
