package dev.keyceremony.ceremony;

import dev.keyceremony.kms.Kms;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Across Regions: for a symmetric key a ciphertext made in the primary decrypts in every replica
 * and one made in each replica decrypts in the primary; for HMAC the MACs of one challenge are
 * equal in every Region (and to the HSM's); for key pairs the public keys are equal.
 */
final class CrossRegionProofStep implements Step {
  static final String STATEMENT =
      "The same material is in every Region: ciphertexts, MACs or"
          + " public keys agree across the primary and its replicas.";

  @Override
  public String name() {
    return "cross-region-proof";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    String keyId = st.keyId();
    Kms primary = ctx.kms();
    String primaryRegion = primary.target().region();
    byte[] challenge = new byte[32];
    ctx.random().nextBytes(challenge);
    data.put("challenge", HexFormat.of().formatHex(challenge));
    data.put("primaryRegion", primaryRegion);
    Map<String, Object> results = new LinkedHashMap<>();
    boolean all = true;
    switch (st.keySpec.kind()) {
      case SYMMETRIC -> {
        byte[] ct = primary.encrypt(keyId, challenge).value();
        for (String region : ctx.script().key().replicaRegions()) {
          Kms r = st.in(ctx, region);
          boolean there = Arrays.equals(challenge, r.decrypt(keyId, ct).value());
          byte[] back = r.encrypt(keyId, challenge).value();
          boolean home = Arrays.equals(challenge, primary.decrypt(keyId, back).value());
          results.put(
              region,
              Map.of(
                  "primaryCiphertextDecryptsHere",
                  there,
                  "ciphertextFromHereDecryptsInPrimary",
                  home));
          all &= there && home;
        }
      }
      case HMAC -> {
        String alg = "HMAC_SHA_" + st.keySpec.bits();
        byte[] hsm = ctx.hsm().evidence().hmac(st.target, challenge);
        byte[] p = primary.generateMac(keyId, alg, challenge).value();
        all = MessageDigest.isEqual(p, hsm);
        data.put("hsmMac", HexFormat.of().formatHex(hsm));
        data.put("primaryMacEqualsHsm", all);
        for (String region : ctx.script().key().replicaRegions()) {
          byte[] m = st.in(ctx, region).generateMac(keyId, alg, challenge).value();
          boolean eq = MessageDigest.isEqual(m, p);
          results.put(region, Map.of("mac", HexFormat.of().formatHex(m), "equalsPrimary", eq));
          all &= eq;
        }
      }
      default -> {
        byte[] p = primary.getPublicKey(keyId).value();
        data.put("primaryPublicKeySha256", Fingerprint.sha256Hex(p));
        for (String region : ctx.script().key().replicaRegions()) {
          byte[] k = st.in(ctx, region).getPublicKey(keyId).value();
          boolean eq = MessageDigest.isEqual(k, p);
          results.put(
              region, Map.of("publicKeySha256", Fingerprint.sha256Hex(k), "equalsPrimary", eq));
          all &= eq;
        }
      }
    }
    data.put("regions", results);
    data.put("allAgree", all);
    data.put("statement", STATEMENT);
    if (!all) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "the Regions do not agree (see the step's data):"
              + " a replica does not hold the primary's material",
          "do not use the replicas that" + " disagree; investigate their imports");
    }
    st.crossRegionProven = true;
  }
}
