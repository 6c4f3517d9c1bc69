package dev.keyceremony.kms;

import java.time.Instant;

/** GetParametersForImport's answer: key ARN, DER SPKI wrapping key, opaque token, expiry. */
public record ImportParameters(
    String keyArn, byte[] publicKeySpki, byte[] importToken, Instant parametersValidTo) {
  public ImportParameters {
    publicKeySpki = publicKeySpki.clone();
    importToken = importToken.clone();
  }

  @Override
  public byte[] publicKeySpki() {
    return publicKeySpki.clone();
  }

  @Override
  public byte[] importToken() {
    return importToken.clone();
  }

  @Override
  public String toString() {
    return "ImportParameters[keyArn=" + keyArn + ", parametersValidTo=" + parametersValidTo + "]";
  }
}
