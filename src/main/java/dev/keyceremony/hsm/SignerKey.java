package dev.keyceremony.hsm;

/** A non-extractable EC P-384 transcript-signing key pair in the token. */
public interface SignerKey {
  String label();

  String idHex();
}
