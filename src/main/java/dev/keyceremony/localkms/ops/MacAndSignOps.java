package dev.keyceremony.localkms.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.JsonRequest;
import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.crypto.AsymmetricKeys;
import dev.keyceremony.localkms.crypto.Signatures;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeySpecInfo;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GenerateMac, VerifyMac, Sign, Verify and GetPublicKey. */
final class MacAndSignOps {
  static final List<String> MAC_ALGORITHMS =
      List.of("HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512");
  static final List<String> SIGNING_ALGORITHMS =
      List.of(
          "RSASSA_PSS_SHA_256",
          "RSASSA_PSS_SHA_384",
          "RSASSA_PSS_SHA_512",
          "RSASSA_PKCS1_V1_5_SHA_256",
          "RSASSA_PKCS1_V1_5_SHA_384",
          "RSASSA_PKCS1_V1_5_SHA_512",
          "ECDSA_SHA_256",
          "ECDSA_SHA_384",
          "ECDSA_SHA_512",
          "SM2DSA",
          "ML_DSA_SHAKE_256",
          "ED25519_SHA_512",
          "ED25519_PH_SHA_512");
  static final List<String> MESSAGE_TYPES = List.of("RAW", "DIGEST", "EXTERNAL_MU");
  private final KmsContext ctx;

  MacAndSignOps(KmsContext ctx) {
    this.ctx = ctx;
  }

  ObjectNode generateMac(Caller c, JsonRequest r) {
    byte[] message = r.blob("Message", true, 1, 4096);
    String keyId = r.string("KeyId", true, 1, 2048);
    String alg = r.enumValue("MacAlgorithm", true, MAC_ALGORITHMS);
    r.list("GrantTokens");
    Boolean dryRun = r.bool("DryRun");
    r.done();
    KeyRecord k = macKey(c, keyId, alg, "GenerateMac");
    EncryptionOps.dryRun(dryRun);
    ObjectNode out = Json.object();
    out.put("Mac", Json.b64(mac(k, message)));
    out.put("MacAlgorithm", alg);
    out.put("KeyId", k.arn);
    return out;
  }

  ObjectNode verifyMac(Caller c, JsonRequest r) {
    byte[] message = r.blob("Message", true, 1, 4096);
    String keyId = r.string("KeyId", true, 1, 2048);
    String alg = r.enumValue("MacAlgorithm", true, MAC_ALGORITHMS);
    byte[] given = r.blob("Mac", true, 1, 6144);
    r.list("GrantTokens");
    Boolean dryRun = r.bool("DryRun");
    r.done();
    KeyRecord k = macKey(c, keyId, alg, "VerifyMac");
    EncryptionOps.dryRun(dryRun);
    if (!MessageDigest.isEqual(mac(k, message), given)) {
      throw new KmsError("KMSInvalidMacException", "");
    }
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    out.put("MacValid", true);
    out.put("MacAlgorithm", alg);
    return out;
  }

  private KeyRecord macKey(Caller c, String keyId, String alg, String operation) {
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, true);
    KeyRules.requireUsable(k);
    KeyRules.requireUsage(k, "GENERATE_VERIFY_MAC", operation);
    if (!k.spec().macAlgorithms().contains(alg)) {
      throw new KmsError(
          "InvalidKeyUsageException",
          "The MAC algorithm "
              + alg
              + " is not compatible with the key spec "
              + k.keySpec
              + " of "
              + k.arn
              + ".");
    }
    return k;
  }

  private static byte[] mac(KeyRecord k, byte[] message) {
    String jca = k.spec().jcaName();
    try {
      Mac m = Mac.getInstance(jca);
      m.init(new SecretKeySpec(k.material, jca));
      return m.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw KmsError.internal("MAC computation failed.");
    }
  }

  ObjectNode sign(Caller c, JsonRequest r) {
    return signOrVerify(c, r, true);
  }

  ObjectNode verify(Caller c, JsonRequest r) {
    return signOrVerify(c, r, false);
  }

  private ObjectNode signOrVerify(Caller c, JsonRequest r, boolean sign) {
    String keyId = r.string("KeyId", true, 1, 2048);
    byte[] message = r.blob("Message", true, 1, 4096);
    String type = r.enumValue("MessageType", false, MESSAGE_TYPES);
    String alg = r.enumValue("SigningAlgorithm", true, SIGNING_ALGORITHMS);
    byte[] signature = sign ? null : r.blob("Signature", true, 1, 6144);
    r.list("GrantTokens");
    Boolean dryRun = r.bool("DryRun");
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, true);
    String op = sign ? "Sign" : "Verify";
    KeyRules.requireUsable(k);
    KeyRules.requireUsage(k, "SIGN_VERIFY", op);
    if (!k.spec().signingAlgorithms(k.keyUsage).contains(alg)) {
      throw new KmsError(
          "InvalidKeyUsageException",
          "The signing algorithm "
              + alg
              + " is not compatible with the key spec "
              + k.keySpec
              + " of "
              + k.arn
              + ". Use one of "
              + k.spec().signingAlgorithms(k.keyUsage)
              + ".");
    }
    if ("EXTERNAL_MU".equals(type)) {
      throw KmsError.validation("MessageType EXTERNAL_MU is valid only with ML-DSA keys.");
    }
    boolean digest = "DIGEST".equals(type);
    EncryptionOps.dryRun(dryRun);
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    if (sign) {
      out.put("Signature", Json.b64(Signatures.sign(k.spec(), k.material, alg, digest, message)));
    } else {
      if (!Signatures.verify(k.spec(), k.material, alg, digest, message, signature)) {
        throw new KmsError("KMSInvalidSignatureException", "");
      }
      out.put("SignatureValid", true);
    }
    out.put("SigningAlgorithm", alg);
    return out;
  }

  ObjectNode getPublicKey(Caller c, JsonRequest r) {
    String keyId = r.string("KeyId", true, 1, 2048);
    r.list("GrantTokens");
    r.done();
    KeyRecord k = ctx.store().find(c.account(), c.region(), keyId, true);
    KeySpecInfo spec = k.spec();
    if (!spec.isAsymmetric()) {
      throw KmsError.unsupported(
          k.arn + " key spec is " + k.keySpec + " which is not valid for GetPublicKey.");
    }
    KeyRules.requireUsable(k);
    ObjectNode out = Json.object();
    out.put("KeyId", k.arn);
    out.put("PublicKey", Json.b64(AsymmetricKeys.publicKey(spec, k.material).getEncoded()));
    out.put("CustomerMasterKeySpec", k.keySpec);
    out.put("KeySpec", k.keySpec);
    out.put("KeyUsage", k.keyUsage);
    list(out, "EncryptionAlgorithms", spec.encryptionAlgorithms(k.keyUsage));
    list(out, "SigningAlgorithms", spec.signingAlgorithms(k.keyUsage));
    list(out, "KeyAgreementAlgorithms", spec.keyAgreementAlgorithms(k.keyUsage));
    return out;
  }

  private static void list(ObjectNode m, String name, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = m.putArray(name);
      values.forEach(a::add);
    }
  }
}
