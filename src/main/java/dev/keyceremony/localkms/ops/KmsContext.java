package dev.keyceremony.localkms.ops;

import dev.keyceremony.localkms.crypto.MasterKey;
import dev.keyceremony.localkms.crypto.WrappingKeyPool;
import dev.keyceremony.localkms.model.KeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** What the operations share: the store, the instance keys and the wrapping-key pool. */
public final class KmsContext {
  private final KeyStore store;
  private final MasterKey tokenKey;
  private final MasterKey materialIdKey;
  private final MasterKey materialSealKey;
  private final WrappingKeyPool pool;

  public KmsContext(KeyStore store, MasterKey master, WrappingKeyPool pool) {
    this.store = store;
    this.tokenKey = master.derive("import-token");
    this.materialIdKey = master.derive("key-material-id");
    this.materialSealKey = master.derive("key-material-versions");
    this.pool = pool;
  }

  public KeyStore store() {
    return store;
  }

  public Instant now() {
    return store.now();
  }

  MasterKey tokenKey() {
    return tokenKey;
  }

  public WrappingKeyPool pool() {
    return pool;
  }

  /**
   * KeyMaterialId: 64 lowercase hex, deterministic per key ID and material (HMAC-SHA256 under an
   * instance secret), so the same material imported again, or into a multi-Region replica, gets the
   * same ID, and the ID reveals nothing about the material.
   */
  String keyMaterialId(String keyId, byte[] identity) {
    return HexFormat.of()
        .formatHex(
            materialIdKey.hmac(keyId.getBytes(StandardCharsets.UTF_8), new byte[] {0}, identity));
  }

  /** The keyed hash that the same-material rule compares (never the raw bytes). */
  String materialDigest(byte[] identity) {
    return HexFormat.of()
        .formatHex(materialIdKey.hmac("same-material".getBytes(StandardCharsets.UTF_8), identity));
  }

  /**
   * Seals one of a symmetric key's materials for its {@code KeyMaterialRecord}; the associated data
   * binds it to the account, key ID and KeyMaterialId, so a replica (same key ID) can share the
   * sealed bytes of an AWS_KMS primary.
   */
  byte[] sealMaterial(String account, String keyId, String materialId, byte[] material) {
    return materialSealKey.seal(material, aad(account, keyId, materialId));
  }

  /** Opens a sealed material; null if it does not open (never expected). */
  byte[] openMaterial(String account, String keyId, String materialId, byte[] sealed) {
    return materialSealKey.open(sealed, aad(account, keyId, materialId));
  }

  private static byte[] aad(String account, String keyId, String materialId) {
    return (account + ":" + keyId + ":" + materialId).getBytes(StandardCharsets.UTF_8);
  }
}
