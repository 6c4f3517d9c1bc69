package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.crypto.AsymmetricKeys;
import dev.keyceremony.localkms.crypto.SymmetricEnvelope;
import dev.keyceremony.localkms.model.KeyMaterialRecord;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeySpecInfo;
import dev.keyceremony.localkms.model.KeyStore;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** Encrypt, Decrypt and GenerateDataKey: symmetric (own blob format) and RSA OAEP keys. */
final class EncryptionOps {
  static final List<String> ALGORITHMS =
      List.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KmsContext ctx;
  private final Materials materials;

  EncryptionOps(KmsContext ctx) {
    this.ctx = ctx;
    this.materials = new Materials(ctx);
  }

  ObjectNode encrypt(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    byte[] plaintext = r.blob("Plaintext", true, 1, 4096);
    Map<String, String> context = r.stringMap("EncryptionContext");
    String algorithm = r.enumValue("EncryptionAlgorithm", false, ALGORITHMS);
    r.list("GrantTokens");
    Boolean dryRun = r.bool("DryRun");
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, true);
    String alg = usableFor(k, algorithm, "Encrypt");
    dryRun(dryRun);
    byte[] blob;
    if (k.spec().isSymmetric()) {
      blob = SymmetricEnvelope.seal(k.keyId, k.material, context, plaintext);
    } else {
      if (!context.isEmpty()) {
        throw KmsError.validation("EncryptionContext is not supported with asymmetric keys.");
      }
      blob = rsa(Cipher.ENCRYPT_MODE, k, alg, plaintext);
    }
    ObjectNode out = Json.object();
    out.put("CiphertextBlob", Json.b64(blob));
    out.put("KeyId", k.arn);
    out.put("EncryptionAlgorithm", alg);
    return out;
  }

  ObjectNode decrypt(Caller c, JsonRequest r) {
    byte[] blob = r.blob("CiphertextBlob", true, 1, 6144);
    Map<String, String> context = r.stringMap("EncryptionContext");
    String keyId = r.string("KeyId", false, 1, 2048);
    String algorithm = r.enumValue("EncryptionAlgorithm", false, ALGORITHMS);
    r.list("GrantTokens");
    Boolean dryRun = r.bool("DryRun");
    r.done();
    String alg = algorithm == null ? "SYMMETRIC_DEFAULT" : algorithm;
    KeyRecord k;
    if (alg.equals("SYMMETRIC_DEFAULT")) {
      String embedded = SymmetricEnvelope.keyIdOf(blob);
      if (embedded == null) {
        throw invalidCiphertext();
      }
      KeyRecord owner = ctx.store().byArn(KeyStore.keyArn(c.region(), c.account(), embedded));
      if (owner == null) {
        throw invalidCiphertext();
      }
      if (keyId != null
          && !ctx.store().find(c.account(), c.region(), keyId, true).keyId.equals(owner.keyId)) {
        throw new KmsError(
            "IncorrectKeyException",
            "The key ID in the request does not identify a CMK that can perform this operation.");
      }
      k = owner;
    } else {
      if (keyId == null) {
        throw KmsError.validation("KeyId is required to decrypt with " + alg + ".");
      }
      k = ctx.store().find(c.account(), c.region(), keyId, true);
    }
    usableFor(k, alg, "Decrypt");
    dryRun(dryRun);
    byte[] plain = null;
    String materialId = null;
    if (k.spec().isSymmetric()) {
      // The blob does not name its material: try each of the key's imported materials.
      List<KeyMaterialRecord> usable = materials.usable(k);
      if (usable.isEmpty()) {
        plain = SymmetricEnvelope.open(blob, k.material, context);
        materialId = k.currentKeyMaterialId;
      }
      for (KeyMaterialRecord m : usable) {
        byte[] key = m.isCurrent() && k.material != null ? k.material : materials.open(k, m);
        plain = SymmetricEnvelope.open(blob, key, context);
        if (key != k.material) {
          java.util.Arrays.fill(key, (byte) 0);
        }
        if (plain != null) {
          materialId = m.keyMaterialId;
          break;
        }
      }
      if (plain == null) {
        throw invalidCiphertext();
      }
    } else {
      plain = rsa(Cipher.DECRYPT_MODE, k, alg, blob);
    }
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    out.put("Plaintext", Json.b64(plain));
    out.put("EncryptionAlgorithm", alg);
    if (materialId != null) {
      out.put("KeyMaterialId", materialId);
    }
    return out;
  }

  ObjectNode generateDataKey(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    Map<String, String> context = r.stringMap("EncryptionContext");
    Integer bytes = r.integer("NumberOfBytes", false, 1, 1024);
    String spec = r.enumValue("KeySpec", false, List.of("AES_256", "AES_128"));
    r.list("GrantTokens");
    Boolean dryRun = r.bool("DryRun");
    r.done();
    if ((bytes == null) == (spec == null)) {
      throw KmsError.validation("Please specify either number of bytes or key spec.");
    }
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, true);
    KeyRules.requireUsable(k);
    if (!k.spec().isSymmetric()) {
      throw new KmsError(
          "InvalidKeyUsageException",
          k.arn + " key spec is " + k.keySpec + " which is not valid for GenerateDataKey.");
    }
    dryRun(dryRun);
    byte[] plain = new byte[bytes != null ? bytes : ("AES_128".equals(spec) ? 16 : 32)];
    RANDOM.nextBytes(plain);
    ObjectNode out = Json.object();
    out.put(
        "CiphertextBlob", Json.b64(SymmetricEnvelope.seal(k.keyId, k.material, context, plain)));
    out.put("Plaintext", Json.b64(plain));
    out.put("KeyId", k.arn);
    if (k.currentKeyMaterialId != null) {
      out.put("KeyMaterialId", k.currentKeyMaterialId);
    }
    return out;
  }

  private static String usableFor(KeyRecord k, String algorithm, String operation) {
    KeyRules.requireUsable(k);
    KeyRules.requireUsage(k, "ENCRYPT_DECRYPT", operation);
    List<String> allowed = k.spec().encryptionAlgorithms(k.keyUsage);
    String alg = algorithm == null ? "SYMMETRIC_DEFAULT" : algorithm;
    if (!allowed.contains(alg)) {
      throw new KmsError(
          "InvalidKeyUsageException",
          "The encryption algorithm "
              + alg
              + " is not compatible with the key spec "
              + k.keySpec
              + " of "
              + k.arn
              + ". Use one of "
              + allowed
              + ".");
    }
    return alg;
  }

  static void dryRun(Boolean dryRun) {
    if (Boolean.TRUE.equals(dryRun)) {
      throw new KmsError(
          "DryRunOperationException",
          "The request would have succeeded, but the DryRun option is set.");
    }
  }

  private static byte[] rsa(int mode, KeyRecord k, String alg, byte[] input) {
    boolean sha256 = alg.equals("RSAES_OAEP_SHA_256");
    OAEPParameterSpec params =
        new OAEPParameterSpec(
            sha256 ? "SHA-256" : "SHA-1",
            "MGF1",
            sha256 ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA1,
            PSource.PSpecified.DEFAULT);
    KeySpecInfo spec = k.spec();
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
      if (mode == Cipher.ENCRYPT_MODE) {
        int max = spec.bits() / 8 - 2 * (sha256 ? 32 : 20) - 2;
        if (input.length > max) {
          throw KmsError.validation(
              "Plaintext is too long for "
                  + alg
                  + " with "
                  + spec
                  + ": at most "
                  + max
                  + " bytes.");
        }
        cipher.init(mode, AsymmetricKeys.publicKey(spec, k.material), params);
      } else {
        cipher.init(mode, AsymmetricKeys.privateKey(spec, k.material), params);
      }
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw invalidCiphertext();
    }
  }

  private static KmsError invalidCiphertext() {
    return new KmsError("InvalidCiphertextException", "");
  }
}
