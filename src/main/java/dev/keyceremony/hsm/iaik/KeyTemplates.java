package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;

import dev.keyceremony.core.KeySpec;
import java.math.BigInteger;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;

/**
 * Generation templates. Every usage flag is set explicitly, because token defaults differ (SoftHSM
 * defaults most usage flags to true): a target gets only what the ceremony needs, and never
 * CKA_DECRYPT, CKA_WRAP or CKA_UNWRAP. CKA_EXTRACTABLE=true exists only so that C_WrapKey can wrap
 * it; CKA_SENSITIVE=true keeps it from ever being read in plaintext.
 */
final class KeyTemplates {
  private static final BigInteger F4 = BigInteger.valueOf(65537);

  private KeyTemplates() {}

  /** SYMMETRIC_DEFAULT: AES-256; ENCRYPT for the ECB check value, SIGN for CMAC. */
  static AttributeVector aes256(String label, byte[] id, boolean wrapWithTrusted) {
    return common(AttributeVector.newAESSecretKey(), label, id, wrapWithTrusted)
        .valueLen(32)
        .encrypt(true)
        .sign(true)
        .decrypt(false)
        .verify(false);
  }

  /** HMAC_*: a generic secret of the spec's length; SIGN and VERIFY only. */
  static AttributeVector hmac(KeySpec spec, String label, byte[] id, boolean wrapWithTrusted) {
    return common(AttributeVector.newSecretKey(CKK_GENERIC_SECRET), label, id, wrapWithTrusted)
        .valueLen(spec.secretLengthBytes())
        .sign(true)
        .verify(true)
        .encrypt(false)
        .decrypt(false);
  }

  private static AttributeVector common(
      AttributeVector v, String label, byte[] id, boolean wrapWithTrusted) {
    return v.token(true)
        .private_(true)
        .label(label)
        .id(id)
        .sensitive(true)
        .extractable(true)
        .wrap(false)
        .unwrap(false)
        .derive(false)
        .wrapWithTrusted(wrapWithTrusted);
  }

  /** RSA target key pair: SIGN on the private key, VERIFY on the public key, nothing else. */
  static KeyPairTemplate rsa(int bits, String label, byte[] id, boolean wrapWithTrusted) {
    AttributeVector pub =
        publicPart(AttributeVector.newRSAPublicKey(), label, id)
            .modulusBits(bits)
            .publicExponent(F4)
            .verifyRecover(false);
    AttributeVector priv =
        privatePart(AttributeVector.newRSAPrivateKey(), label, id, true, wrapWithTrusted)
            .signRecover(false);
    return new KeyPairTemplate(priv, pub);
  }

  /** EC target key pair on a named curve. */
  static KeyPairTemplate ec(EcCurve curve, String label, byte[] id, boolean wrapWithTrusted) {
    AttributeVector pub =
        publicPart(AttributeVector.newECPublicKey(), label, id).ecParams(curve.ecParamsDer());
    AttributeVector priv =
        privatePart(AttributeVector.newECPrivateKey(), label, id, true, wrapWithTrusted);
    return new KeyPairTemplate(priv, pub);
  }

  /** Transcript signer: EC P-384, private key sensitive and NOT extractable. */
  static KeyPairTemplate signer(String label, byte[] id) {
    AttributeVector pub =
        publicPart(AttributeVector.newECPublicKey(), label, id)
            .ecParams(EcCurve.P384.ecParamsDer());
    AttributeVector priv = privatePart(AttributeVector.newECPrivateKey(), label, id, false, false);
    return new KeyPairTemplate(priv, pub);
  }

  private static AttributeVector publicPart(AttributeVector v, String label, byte[] id) {
    return v.token(true)
        .private_(false)
        .label(label)
        .id(id)
        .verify(true)
        .encrypt(false)
        .wrap(false)
        .derive(false);
  }

  private static AttributeVector privatePart(
      AttributeVector v, String label, byte[] id, boolean extractable, boolean wrapWithTrusted) {
    return v.token(true)
        .private_(true)
        .label(label)
        .id(id)
        .sensitive(true)
        .extractable(extractable)
        .sign(true)
        .decrypt(false)
        .unwrap(false)
        .derive(false)
        .wrapWithTrusted(wrapWithTrusted);
  }

  /** The wrapping public key: a public session object that may only wrap. */
  static AttributeVector wrappingPublicKey(
      java.security.interfaces.RSAPublicKey key, String label, boolean trusted) {
    AttributeVector v =
        AttributeVector.newRSAPublicKey()
            .token(false)
            .private_(false)
            .label(label)
            .modulus(key.getModulus())
            .publicExponent(key.getPublicExponent())
            .wrap(true)
            .encrypt(false)
            .verify(false)
            .verifyRecover(false)
            .derive(false);
    // CKA_TRUSTED can only be given by the SO and only at creation; an explicit false from a user
    // session is refused by some tokens as well, so the attribute is left out unless wanted.
    return trusted ? v.trusted(true) : v;
  }

  /** Throwaway or ephemeral AES-256 session key: extractable, may wrap, may encrypt (KCV). */
  static AttributeVector sessionAes(boolean forWrapping, boolean forCheckValue) {
    return AttributeVector.newAESSecretKey()
        .token(false)
        .private_(true)
        .valueLen(32)
        .sensitive(true)
        .extractable(true)
        .wrap(forWrapping)
        .unwrap(false)
        .encrypt(forCheckValue)
        .decrypt(false)
        .sign(false)
        .verify(false)
        .derive(false);
  }
}
