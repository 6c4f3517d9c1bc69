package dev.keyceremony.localkms.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What an import token binds: the KMS key (account, Region, key ID), the wrapping algorithm and
 * spec, the wrapping private key, and the validity window. Self-contained: sealed under the
 * instance token key, so earlier tokens stay valid until they expire (no server-side table).
 */
public record ImportToken(
    String account,
    String region,
    String keyId,
    String wrappingAlgorithm,
    String wrappingKeySpec,
    Instant issued,
    Instant validTo,
    byte[] wrappingPrivateKeyPkcs8) {

  private static final byte[] AAD = "localkms-import-token-v1".getBytes(StandardCharsets.UTF_8);

  public byte[] seal(MasterKey tokenKey) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(account);
      out.writeUTF(region);
      out.writeUTF(keyId);
      out.writeUTF(wrappingAlgorithm);
      out.writeUTF(wrappingKeySpec);
      out.writeLong(issued.toEpochMilli());
      out.writeLong(validTo.toEpochMilli());
      out.writeInt(wrappingPrivateKeyPkcs8.length);
      out.write(wrappingPrivateKeyPkcs8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return tokenKey.seal(bytes.toByteArray(), AAD);
  }

  /** Opens a token; null if it was not issued by this instance or was altered. */
  public static ImportToken open(MasterKey tokenKey, byte[] sealed) {
    byte[] plain = tokenKey.open(sealed, AAD);
    if (plain == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
      String account = in.readUTF();
      String region = in.readUTF();
      String keyId = in.readUTF();
      String alg = in.readUTF();
      String spec = in.readUTF();
      Instant issued = Instant.ofEpochMilli(in.readLong());
      Instant validTo = Instant.ofEpochMilli(in.readLong());
      byte[] pk = new byte[in.readInt()];
      in.readFully(pk);
      return new ImportToken(account, region, keyId, alg, spec, issued, validTo, pk);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "ImportToken["
        + account
        + ", "
        + region
        + ", "
        + keyId
        + ", "
        + wrappingAlgorithm
        + ", "
        + wrappingKeySpec
        + ", validTo="
        + validTo
        + ", privateKey=***]";
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
