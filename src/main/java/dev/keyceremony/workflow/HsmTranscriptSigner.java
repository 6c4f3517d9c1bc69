package dev.keyceremony.workflow;

import dev.keyceremony.hsm.KeyEvidence;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.transcript.TranscriptSigner;

/**
 * Signs transcripts with a non-extractable EC P-384 key held in the HSM. The transcript writer
 * checks every signature in software against {@link #publicKeySpki()} before it replaces
 * transcript.sig, so a token that signs wrongly cannot leave a bad signature behind.
 */
public final class HsmTranscriptSigner implements TranscriptSigner {
  private final KeyEvidence evidence;
  private final SignerKey signer;
  private final byte[] spki;

  public HsmTranscriptSigner(KeyEvidence evidence, SignerKey signer) {
    this.evidence = evidence;
    this.signer = signer;
    this.spki = evidence.signerPublicKeySpki(signer);
  }

  @Override
  public byte[] publicKeySpki() {
    return spki.clone();
  }

  @Override
  public byte[] sign(byte[] data) {
    return evidence.signWithSigner(signer, data);
  }

  @Override
  public String toString() {
    return "HsmTranscriptSigner[" + signer.label() + "]";
  }
}
