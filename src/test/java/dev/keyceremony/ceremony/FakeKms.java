package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.kms.CreateKeySpec;
import dev.keyceremony.kms.ImportMaterialRequest;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import dev.keyceremony.kms.KmsException;
import dev.keyceremony.kms.KmsTarget;
import dev.keyceremony.kms.Reply;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An in-memory KMS behind the KMS port (unit tests only): real unwrap of what {@link
 * FakeHsmSession} wraps, same-material reimport, expiration, and the proof operations.
 */
public class FakeKms implements Kms {
  static final Map<WrappingKeySpec, KeyPair> WRAPPING = new EnumMap<>(WrappingKeySpec.class);

  static final class Key {
    String id;
    KeySpec spec;
    String usage;
    String origin = "EXTERNAL";
    String state = "PendingImport";
    byte[] material;
    String model;
    Instant validTo;
    String materialId;
    boolean multiRegion;

    /** NEW_KEY_MATERIAL imported and not yet rotated in (PENDING_ROTATION). */
    byte[] pending;

    String pendingId;
    String pendingModel;
    Instant pendingValidTo;
    final List<String> previousIds = new ArrayList<>();
  }

  record Token(String keyId, WrappingAlgorithm alg, WrappingKeySpec wks) {}

  final List<String> calls = new ArrayList<>();
  final Map<String, Key> keys = new HashMap<>();
  final Map<String, Token> tokens = new HashMap<>();
  final Map<String, KmsException> failures = new HashMap<>();
  final Map<String, String> aliases = new HashMap<>();

  /** Failures thrown once each, in order, before the operation runs. */
  final Map<String, java.util.Deque<KmsException>> queued = new HashMap<>();

  /** How long import parameters stay valid. */
  java.time.Duration parametersLifetime = java.time.Duration.ofHours(24);

  final Map<String, Map<String, String>> tags = new HashMap<>();

  /**
   * Lies, per operation, about the key an answer describes ("CreateKey", "DescribeKey"), e.g.
   * CreateKey answering Origin=AWS_KMS, or DescribeKey a key that is not Enabled after the import.
   */
  final Map<String, UnaryOperator<KeyInfo>> lies = new HashMap<>();

  /** A lie about GetParametersForImport's answer (e.g. a wrapping key of another size). */
  UnaryOperator<ImportParameters> parametersLie = UnaryOperator.identity();

  /** A lie about the Decrypt answer (e.g. a round trip that does not return the challenge). */
  UnaryOperator<byte[]> decryptLie = UnaryOperator.identity();

  /** RotateKeyOnDemand answers success but changes nothing. */
  boolean rotateDoesNothing;

  /** Other Regions, as {@link #inRegion} returns them; a Region not here is this fake. */
  final Map<String, FakeKms> regions = new HashMap<>();

  private final Clock clock;
  private int requests;

  public FakeKms(Clock clock) {
    this.clock = clock;
  }

  static synchronized KeyPair wrappingPair(WrappingKeySpec s) {
    return WRAPPING.computeIfAbsent(
        s,
        k -> {
          try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(k.bits());
            return g.generateKeyPair();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private <T> Reply<T> reply(String op, T value) {
    return new Reply<>(value, op + "-" + (++requests));
  }

  private void enter(String op) {
    calls.add(op);
    java.util.Deque<KmsException> q = queued.get(op);
    if (q != null && !q.isEmpty()) {
      throw q.poll();
    }
    KmsException f = failures.get(op);
    if (f != null) {
      throw f;
    }
  }

  private Key key(String op, String id) {
    Key k = keys.get(id);
    if (k == null) {
      throw new KmsException(
          op, "NotFoundException", "Key '" + id + "' does not exist", "req-nf", 400);
    }
    return k;
  }

  KeyInfo info(Key k) {
    return new KeyInfo(
        k.id,
        "arn:aws:kms:us-east-1:111122223333:key/" + k.id,
        "111122223333",
        k.spec.name(),
        k.usage,
        k.origin,
        k.state,
        "Enabled".equals(k.state),
        k.material == null ? null : k.model,
        k.validTo,
        k.spec == KeySpec.SYMMETRIC_DEFAULT ? k.materialId : null,
        k.multiRegion,
        List.of(),
        List.of(),
        List.of());
  }

  private KeyInfo answer(String op, KeyInfo k) {
    return lies.getOrDefault(op, UnaryOperator.identity()).apply(k);
  }

  /** {@code k} with one field changed, for a lie: keyId, origin, keyState, keySpec, keyUsage. */
  static KeyInfo with(KeyInfo k, String field, String value) {
    return new KeyInfo(
        field.equals("keyId") ? value : k.keyId(),
        k.arn(),
        k.accountId(),
        field.equals("keySpec") ? value : k.keySpec(),
        field.equals("keyUsage") ? value : k.keyUsage(),
        field.equals("origin") ? value : k.origin(),
        field.equals("keyState") ? value : k.keyState(),
        field.equals("keyState") ? "Enabled".equals(value) : k.enabled(),
        k.expirationModel(),
        k.validTo(),
        k.currentKeyMaterialId(),
        k.multiRegion(),
        k.signingAlgorithms(),
        k.macAlgorithms(),
        k.encryptionAlgorithms());
  }

  /** {@code k} with another ExpirationModel and ValidTo, for a lie. */
  static KeyInfo withExpiration(KeyInfo k, String model, Instant validTo) {
    return new KeyInfo(
        k.keyId(),
        k.arn(),
        k.accountId(),
        k.keySpec(),
        k.keyUsage(),
        k.origin(),
        k.keyState(),
        k.enabled(),
        model,
        validTo,
        k.currentKeyMaterialId(),
        k.multiRegion(),
        k.signingAlgorithms(),
        k.macAlgorithms(),
        k.encryptionAlgorithms());
  }

  @Override
  public KmsTarget target() {
    return new KmsTarget("us-east-1", "http://fake", null);
  }

  @Override
  public Reply<List<String>> listKeyIds(int limit) {
    enter("ListKeys");
    return reply("ListKeys", new ArrayList<>(keys.keySet()));
  }

  @Override
  public Reply<KeyInfo> describeKey(String keyId) {
    enter("DescribeKey");
    if (keyId.startsWith("alias/")) {
      String target = aliases.get(keyId);
      if (target == null) {
        throw new KmsException(
            "DescribeKey", "NotFoundException", "Alias " + keyId + " is not found.", "req-nf", 400);
      }
      keyId = target;
    }
    Key k = key("DescribeKey", keyId);
    if (k.material != null && k.validTo != null && !clock.instant().isBefore(k.validTo)) {
      k.material = null;
      k.state = "PendingImport";
    }
    return reply("DescribeKey", answer("DescribeKey", info(k)));
  }

  @Override
  public Reply<KeyInfo> createKey(CreateKeySpec spec) {
    enter("CreateKey");
    Key k = new Key();
    k.id = UUID.randomUUID().toString();
    k.spec = KeySpec.parse(spec.keySpec());
    k.usage = spec.keyUsage();
    k.multiRegion = spec.multiRegion();
    keys.put(k.id, k);
    tags.put(k.id, spec.tags());
    return reply("CreateKey", answer("CreateKey", info(k)));
  }

  @Override
  public Reply<Void> createAlias(String aliasName, String keyId) {
    enter("CreateAlias");
    if (aliases.containsKey(aliasName)) {
      throw new KmsException(
          "CreateAlias",
          "AlreadyExistsException",
          "An alias with the name " + aliasName + " already exists",
          "req-ae",
          400);
    }
    aliases.put(aliasName, keyId);
    return reply("CreateAlias", null);
  }

  @Override
  public Reply<Void> deleteAlias(String aliasName) {
    enter("DeleteAlias");
    if (aliases.remove(aliasName) == null) {
      throw new KmsException(
          "DeleteAlias",
          "NotFoundException",
          "Alias " + aliasName + " is not found.",
          "req-nf",
          400);
    }
    return reply("DeleteAlias", null);
  }

  @Override
  public Reply<dev.keyceremony.kms.KeyPage> listKeysPage(String marker) {
    enter("ListKeys");
    return reply("ListKeys", new dev.keyceremony.kms.KeyPage(new ArrayList<>(keys.keySet()), null));
  }

  @Override
  public Reply<Map<String, String>> listResourceTags(String keyId) {
    enter("ListResourceTags");
    return reply("ListResourceTags", tags.getOrDefault(keyId, Map.of()));
  }

  @Override
  public Reply<Instant> scheduleKeyDeletion(String keyId, int days) {
    enter("ScheduleKeyDeletion");
    Key k = key("ScheduleKeyDeletion", keyId);
    k.state = "PendingDeletion";
    return reply("ScheduleKeyDeletion", clock.instant().plus(java.time.Duration.ofDays(days)));
  }

  @Override
  public Reply<ImportParameters> getParametersForImport(
      String keyId, WrappingAlgorithm algorithm, WrappingKeySpec wks) {
    enter("GetParametersForImport");
    Key k = key("GetParametersForImport", keyId);
    if (!"EXTERNAL".equals(k.origin)) {
      throw new KmsException(
          "GetParametersForImport",
          "UnsupportedOperationException",
          "origin is " + k.origin,
          "req-uo",
          400);
    }
    String token = UUID.randomUUID().toString();
    tokens.put(token, new Token(keyId, algorithm, wks));
    ImportParameters p =
        new ImportParameters(
            info(k).arn(),
            wrappingPair(wks).getPublic().getEncoded(),
            token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            clock.instant().plusSeconds(86400));
    return reply("GetParametersForImport", parametersLie.apply(p));
  }

  @Override
  public Reply<ImportOutcome> importKeyMaterial(ImportMaterialRequest q) {
    enter("ImportKeyMaterial");
    Key k = key("ImportKeyMaterial", q.keyId());
    Token t = tokens.get(new String(q.importToken(), java.nio.charset.StandardCharsets.UTF_8));
    byte[] material;
    try {
      PrivateKey p = wrappingPair(t.wks()).getPrivate();
      material = FakeCrypto.unwrap(t.alg(), p, q.encryptedKeyMaterial(), t.wks().modulusBytes());
    } catch (GeneralSecurityException e) {
      throw new KmsException(
          "ImportKeyMaterial", "InvalidCiphertextException", e.getMessage(), "req-ic", 400);
    }
    String id =
        HexFormat.of()
            .formatHex(
                Fingerprint.sha256(
                    (k.id + HexFormat.of().formatHex(material))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    if ("NEW_KEY_MATERIAL".equals(q.importType()) && k.materialId != null) {
      k.pending = material;
      k.pendingId = id;
      k.pendingModel = q.expirationModel();
      k.pendingValidTo = q.validTo();
      return reply("ImportKeyMaterial", new ImportOutcome(info(k).arn(), id));
    }
    if (k.materialId != null && !k.materialId.equals(id)) {
      throw new KmsException(
          "ImportKeyMaterial",
          "IncorrectKeyMaterialException",
          "The key material does not match",
          "req-ikm",
          400);
    }
    k.material = material;
    k.materialId = id;
    k.model = q.expirationModel();
    k.validTo = q.validTo();
    k.state = "Enabled";
    return reply(
        "ImportKeyMaterial",
        new ImportOutcome(info(k).arn(), k.spec == KeySpec.SYMMETRIC_DEFAULT ? id : null));
  }

  @Override
  public Reply<Void> deleteImportedKeyMaterial(String keyId) {
    enter("DeleteImportedKeyMaterial");
    Key k = key("DeleteImportedKeyMaterial", keyId);
    k.material = null;
    k.state = "PendingImport";
    return reply("DeleteImportedKeyMaterial", null);
  }

  @Override
  public Reply<List<String>> listAllKeyIds() {
    enter("ListKeys");
    return reply("ListKeys", new ArrayList<>(keys.keySet()));
  }

  /** Earlier materials (NON_CURRENT), the current one, and one staged by NEW_KEY_MATERIAL. */
  @Override
  public Reply<List<dev.keyceremony.kms.KeyMaterialInfo>> listKeyMaterials(String keyId) {
    enter("ListKeyRotations");
    Key k = key("ListKeyRotations", keyId);
    List<dev.keyceremony.kms.KeyMaterialInfo> l = new ArrayList<>();
    for (String old : k.previousIds) {
      l.add(
          new dev.keyceremony.kms.KeyMaterialInfo(
              old, null, "IMPORTED", "NON_CURRENT", k.model, k.validTo, null));
    }
    if (k.materialId != null) {
      l.add(
          new dev.keyceremony.kms.KeyMaterialInfo(
              k.materialId,
              null,
              k.material == null ? "PENDING_IMPORT" : "IMPORTED",
              "CURRENT",
              k.model,
              k.validTo,
              null));
    }
    if (k.pendingId != null) {
      l.add(
          new dev.keyceremony.kms.KeyMaterialInfo(
              k.pendingId,
              null,
              "IMPORTED",
              "PENDING_ROTATION",
              k.pendingModel,
              k.pendingValidTo,
              null));
    }
    return reply("ListKeyRotations", l);
  }

  /** The fake has one Region: ReplicateKey is refused as for a single-Region key. */
  @Override
  public Reply<KeyInfo> replicateKey(String keyId, String replicaRegion, Map<String, String> tags) {
    enter("ReplicateKey");
    key("ReplicateKey", keyId);
    throw new KmsException(
        "ReplicateKey",
        "UnsupportedOperationException",
        keyId + " is not a multi-Region key (the fake has one Region)",
        "req-uo",
        400);
  }

  @Override
  public Kms inRegion(String region) {
    return regions.getOrDefault(region, this);
  }

  @Override
  public Reply<Void> rotateKeyOnDemand(String keyId) {
    enter("RotateKeyOnDemand");
    Key k = key("RotateKeyOnDemand", keyId);
    if (rotateDoesNothing) {
      return reply("RotateKeyOnDemand", null);
    }
    if (k.pendingId != null) {
      k.previousIds.add(k.materialId);
      k.material = k.pending;
      k.materialId = k.pendingId;
      k.model = k.pendingModel;
      k.validTo = k.pendingValidTo;
      k.pending = null;
      k.pendingId = null;
      return reply("RotateKeyOnDemand", null);
    }
    throw new KmsException(
        "RotateKeyOnDemand",
        "KMSInvalidStateException",
        "no key material is pending rotation (the fake does not rotate)",
        "req-is",
        400);
  }

  @Override
  public Reply<byte[]> generateMac(String keyId, String macAlgorithm, byte[] message) {
    enter("GenerateMac");
    Key k = key("GenerateMac", keyId);
    try {
      return reply("GenerateMac", FakeCrypto.mac(k.spec, k.material, message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private PrivateKey privateKey(Key k) throws GeneralSecurityException {
    String alg = k.spec.kind() == KeySpec.MaterialKind.RSA ? "RSA" : "EC";
    return KeyFactory.getInstance(alg, FakeCrypto.BC)
        .generatePrivate(new PKCS8EncodedKeySpec(trimDer(k.material)));
  }

  /** Drops SoftHSM 2.6.1's zero padding after the DER PrivateKeyInfo (as the JDK tolerates). */
  static byte[] trimDer(byte[] b) {
    int len;
    int hdr;
    if ((b[1] & 0x80) == 0) {
      len = b[1];
      hdr = 2;
    } else {
      int n = b[1] & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[2 + i] & 0xff);
      }
      hdr = 2 + n;
    }
    return Arrays.copyOf(b, Math.min(b.length, hdr + len));
  }

  @Override
  public Reply<byte[]> getPublicKey(String keyId) {
    enter("GetPublicKey");
    Key k = key("GetPublicKey", keyId);
    try {
      PrivateKey p = privateKey(k);
      byte[] spki;
      if (p instanceof java.security.interfaces.RSAPrivateCrtKey) {
        var c = (java.security.interfaces.RSAPrivateCrtKey) p;
        spki =
            KeyFactory.getInstance("RSA")
                .generatePublic(
                    new java.security.spec.RSAPublicKeySpec(c.getModulus(), c.getPublicExponent()))
                .getEncoded();
      } else {
        var ec = (org.bouncycastle.jce.interfaces.ECPrivateKey) p;
        var q = ec.getParameters().getG().multiply(ec.getD()).normalize();
        var pub = new org.bouncycastle.jce.spec.ECPublicKeySpec(q, ec.getParameters());
        spki = KeyFactory.getInstance("EC", FakeCrypto.BC).generatePublic(pub).getEncoded();
      }
      return reply("GetPublicKey", spki);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Reply<byte[]> sign(String keyId, String signingAlgorithm, byte[] message) {
    enter("Sign");
    Key k = key("Sign", keyId);
    try {
      return reply("Sign", FakeCrypto.sign(k.spec, privateKey(k), message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Reply<byte[]> encrypt(String keyId, byte[] plaintext) {
    enter("Encrypt");
    Key k = key("Encrypt", keyId);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] iv = new byte[12];
      c.init(Cipher.ENCRYPT_MODE, FakeCrypto.aes(k.material), new GCMParameterSpec(128, iv));
      return reply("Encrypt", c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Reply<byte[]> decrypt(String keyId, byte[] ciphertext) {
    enter("Decrypt");
    Key k = key("Decrypt", keyId);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE, FakeCrypto.aes(k.material), new GCMParameterSpec(128, new byte[12]));
      return reply(
          "Decrypt", decryptLie.apply(c.doFinal(Arrays.copyOf(ciphertext, ciphertext.length))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {}
}
