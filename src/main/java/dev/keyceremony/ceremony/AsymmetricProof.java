package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The proof for RSA and ECC keys: KMS GetPublicKey equals the HSM public key (byte-equal DER, or
 * the same key once decoded), a KMS signature over a fresh challenge verifies under the HSM public
 * key, and an HSM signature verifies under the KMS public key. Verification is plain JCA with
 * BouncyCastle (the JDK no longer supports secp256k1).
 */
final class AsymmetricProof {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private final CeremonyContext ctx;
  private final CeremonyState st;

  AsymmetricProof(CeremonyContext ctx, CeremonyState st) {
    this.ctx = ctx;
    this.st = st;
  }

  /** KMS signing algorithm and the matching JCA name for a key spec. */
  static String[] algorithms(KeySpec spec) {
    switch (spec) {
      case ECC_NIST_P384:
        return new String[] {"ECDSA_SHA_384", "SHA384withECDSA"};
      case ECC_NIST_P521:
        return new String[] {"ECDSA_SHA_512", "SHA512withECDSA"};
      case ECC_NIST_P256:
      case ECC_SECG_P256K1:
        return new String[] {"ECDSA_SHA_256", "SHA256withECDSA"};
      default:
        return new String[] {"RSASSA_PSS_SHA_256", "SHA256withRSA/PSS"};
    }
  }

  void prove(byte[] challenge, Map<String, Object> data) {
    byte[] kmsSpki = ctx.kms().getPublicKey(st.keyId()).value();
    byte[] hsmSpki = ctx.hsm().evidence().publicKeySpki(st.target);
    data.put("kmsPublicKeySha256", Fingerprint.sha256Hex(kmsSpki));
    data.put("hsmPublicKeySha256", Fingerprint.sha256Hex(hsmSpki));
    PublicKey kmsKey = decode(kmsSpki);
    PublicKey hsmKey = decode(hsmSpki);
    boolean byteEqual = Arrays.equals(kmsSpki, hsmSpki);
    boolean sameKey = byteEqual || kmsKey.equals(hsmKey);
    data.put("publicKeysByteEqual", byteEqual);
    data.put("publicKeysSame", sameKey);
    String[] alg = algorithms(st.keySpec);
    byte[] kmsSig = ctx.kms().sign(st.keyId(), alg[0], challenge).value();
    boolean kmsSigOk = verify(alg[1], hsmKey, challenge, kmsSig);
    byte[] hsmSig = ctx.hsm().evidence().sign(st.target, challenge);
    boolean hsmSigOk = verify(alg[1], kmsKey, challenge, hsmSig);
    data.put("signingAlgorithm", alg[0]);
    data.put("kmsSignatureVerifiesUnderHsmKey", kmsSigOk);
    data.put("hsmSignatureVerifiesUnderKmsKey", hsmSigOk);
    data.put("statement", ProveStep.ASYMMETRIC_STATEMENT);
    if (!sameKey || !kmsSigOk || !hsmSigOk) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "KMS and the HSM do not hold the same key pair"
              + " (public keys same: "
              + sameKey
              + ", KMS signature verifies: "
              + kmsSigOk
              + ", HSM signature verifies: "
              + hsmSigOk
              + ")",
          "do not use this key; investigate the import");
    }
  }

  static PublicKey decode(byte[] spki) {
    try {
      String alg = spki.length > 0 && isRsa(spki) ? "RSA" : "EC";
      return KeyFactory.getInstance(alg, BC).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "a public key could not be decoded (" + e.getMessage() + ")",
          "check the key in KMS and the HSM object");
    }
  }

  private static boolean isRsa(byte[] spki) {
    try {
      return org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki)
          .getAlgorithm()
          .getAlgorithm()
          .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean verify(String jca, PublicKey key, byte[] msg, byte[] sig) {
    try {
      Signature s = Signature.getInstance(jca, BC);
      s.initVerify(key);
      s.update(msg);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
