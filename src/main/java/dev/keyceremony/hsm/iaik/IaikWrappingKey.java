package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.WrappingKey;
import java.security.interfaces.RSAPublicKey;

/** A KMS wrapping public key imported as a session object of one session. */
record IaikWrappingKey(
    WrappingKeySpec spec,
    String spkiSha256Hex,
    boolean trusted,
    long handle,
    RSAPublicKey publicKey,
    IaikSession owner)
    implements WrappingKey {
  @Override
  public String toString() {
    return "WrappingKey["
        + spec
        + ", spki sha256 "
        + spkiSha256Hex
        + (trusted ? ", trusted]" : "]");
  }
}
