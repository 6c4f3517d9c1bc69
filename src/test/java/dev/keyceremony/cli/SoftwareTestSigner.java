package dev.keyceremony.cli;

import dev.keyceremony.transcript.TranscriptSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A software EC P-384 transcript signer for unit tests (the real one lives in the HSM). */
final class SoftwareTestSigner implements TranscriptSigner {
  private final KeyPair pair;

  SoftwareTestSigner() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      pair = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] publicKeySpki() {
    return pair.getPublic().getEncoded();
  }

  @Override
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA384withECDSA");
      s.initSign(pair.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
