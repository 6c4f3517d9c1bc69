package dev.keyceremony.localkms.crypto;

/**
 * Key material accepted for a key spec: the bytes kept for cryptographic operations (raw key or DER
 * PKCS#8) and the canonical identity bytes the same-material rule compares (raw key, RSA modulus
 * and private exponent, or EC curve and private scalar).
 */
public record ValidatedMaterial(byte[] material, byte[] identity) {
  @Override
  public String toString() {
    return "ValidatedMaterial[***]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
