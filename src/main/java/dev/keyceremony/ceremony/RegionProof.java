package dev.keyceremony.ceremony;

import dev.keyceremony.kms.KeyInfo;
import dev.keyceremony.kms.Kms;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The proof in one replica Region: DescribeKey shows Enabled and the primary's expiry; then by
 * kind, an Encrypt/Decrypt round trip there (symmetric), a MAC equal to the HSM's (HMAC), or a
 * public key equal to the primary's (asymmetric).
 */
final class RegionProof {
  private RegionProof() {}

  static void prove(CeremonyContext ctx, CeremonyState st, Kms r, Map<String, Object> d) {
    String keyId = st.keyId();
    KeyInfo k = r.describeKey(keyId).value();
    String model = ctx.script().expiration().model();
    boolean enabled = "Enabled".equals(k.keyState());
    d.put("keyState", k.keyState());
    Records.putIf(d, "currentKeyMaterialId", k.currentKeyMaterialId());
    ImportedKeyState.require(
        enabled,
        k.keyState(),
        model,
        k.expirationModel(),
        st.validTo,
        k.validTo(),
        "the replica " + k.arn(),
        "check the replica in KMS; continue with " + ctx.control().resumeCommand());
    byte[] challenge = new byte[32];
    ctx.random().nextBytes(challenge);
    boolean proven;
    switch (st.keySpec.kind()) {
      case SYMMETRIC -> {
        byte[] ct = r.encrypt(keyId, challenge).value();
        proven = Arrays.equals(challenge, r.decrypt(keyId, ct).value());
        d.put("roundTrip", proven);
        if (st.imported != null && st.imported.keyMaterialId() != null) {
          d.put(
              "sameKeyMaterialIdAsPrimary",
              Objects.equals(st.imported.keyMaterialId(), k.currentKeyMaterialId()));
        }
      }
      case HMAC -> {
        String alg = "HMAC_SHA_" + st.keySpec.bits();
        byte[] mac = r.generateMac(keyId, alg, challenge).value();
        byte[] hsm = ctx.hsm().evidence().hmac(st.target, challenge);
        proven = MessageDigest.isEqual(mac, hsm);
        d.put("challenge", HexFormat.of().formatHex(challenge));
        d.put("macsEqual", proven);
      }
      default -> {
        byte[] here = r.getPublicKey(keyId).value();
        byte[] hsm = ctx.hsm().evidence().publicKeySpki(st.target);
        proven = MessageDigest.isEqual(here, hsm);
        d.put("publicKeySha256", Fingerprint.sha256Hex(here));
        d.put("publicKeyEqualsHsm", proven);
      }
    }
    if (!proven) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "the proof in the replica " + k.arn() + " failed (see the step's data)",
          "do not use this replica; investigate the import");
    }
  }
}
