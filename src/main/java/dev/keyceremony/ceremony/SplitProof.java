package dev.keyceremony.ceremony;

import dev.keyceremony.hsm.KeyEvidence;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.kms.Kms;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ProveStep}'s proofs split across an air gap. The HSM's half is computed offline in {@code
 * wrap} over a challenge chosen there; KMS's half online in {@code import} over the same challenge;
 * {@code seal} makes the HSM re-check KMS's answers offline. The HSM's HMAC crosses the gap only as
 * a SHA-256 commitment, so the online machine cannot copy it into KMS's answer: a recorded KMS MAC
 * that seal finds equal to the HSM's was computed by a holder of the key. KMS's signature is
 * checked under the HSM's public key, which the online machine cannot forge either.
 */
final class SplitProof {
  private static final HexFormat HEX = HexFormat.of();

  private SplitProof() {}

  /** Offline, in wrap: the HSM's half. Values are hex strings (recorded and carried). */
  static Map<String, String> hsmHalf(
      KeyEvidence hsm, TargetKey t, CeremonyState st, byte[] challenge) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("challenge", HEX.formatHex(challenge));
    switch (st.keySpec.kind()) {
      case HMAC -> {
        m.put("macAlgorithm", "HMAC_SHA_" + st.keySpec.bits());
        m.put("hsmMacSha256", Fingerprint.sha256Hex(hsm.hmac(t, challenge)));
      }
      case SYMMETRIC -> {
        m.put("hsmAesEcbZeroBlock", HEX.formatHex(hsm.aesEcbZeroBlock(t)));
        m.put("hsmAesCmacZeroBlock", HEX.formatHex(hsm.aesCmacZeroBlock(t)));
      }
      default -> {
        byte[] spki = hsm.publicKeySpki(t);
        m.put("signingAlgorithm", AsymmetricProof.algorithms(st.keySpec)[0]);
        m.put("hsmPublicKey", HEX.formatHex(spki));
        m.put("hsmPublicKeySha256", Fingerprint.sha256Hex(spki));
        m.put("hsmSignature", HEX.formatHex(hsm.sign(t, challenge)));
      }
    }
    return m;
  }

  /** Online, in import: KMS's half over the recorded challenge, with the checks it can make. */
  static Map<String, Object> kmsHalf(
      Kms kms, String keyId, CeremonyState st, Map<String, String> hsm) {
    byte[] challenge = HEX.parseHex(hsm.get("challenge"));
    Map<String, Object> m = new LinkedHashMap<>();
    boolean ok;
    switch (st.keySpec.kind()) {
      case HMAC -> {
        byte[] mac = kms.generateMac(keyId, hsm.get("macAlgorithm"), challenge).value();
        m.put("kmsMac", HEX.formatHex(mac));
        ok = Fingerprint.sha256Hex(mac).equals(hsm.get("hsmMacSha256"));
        m.put("kmsMacMatchesHsmCommitment", ok);
      }
      case SYMMETRIC -> {
        byte[] ct = kms.encrypt(keyId, challenge).value();
        byte[] back = kms.decrypt(keyId, ct).value();
        ok = Arrays.equals(challenge, back);
        m.put("ciphertextSha256", Fingerprint.sha256Hex(ct));
        m.put("roundTrip", ok);
      }
      default -> {
        byte[] spki = kms.getPublicKey(keyId).value();
        byte[] sig = kms.sign(keyId, hsm.get("signingAlgorithm"), challenge).value();
        m.put("kmsPublicKey", HEX.formatHex(spki));
        m.put("kmsSignature", HEX.formatHex(sig));
        String jca = AsymmetricProof.algorithms(st.keySpec)[1];
        PublicKey kmsKey = AsymmetricProof.decode(spki);
        PublicKey hsmKey = AsymmetricProof.decode(HEX.parseHex(hsm.get("hsmPublicKey")));
        boolean same =
            Arrays.equals(spki, HEX.parseHex(hsm.get("hsmPublicKey"))) || kmsKey.equals(hsmKey);
        boolean kmsSig = AsymmetricProof.verify(jca, hsmKey, challenge, sig);
        boolean hsmSig =
            AsymmetricProof.verify(jca, kmsKey, challenge, HEX.parseHex(hsm.get("hsmSignature")));
        m.put("publicKeysSame", same);
        m.put("kmsSignatureVerifiesUnderHsmKey", kmsSig);
        m.put("hsmSignatureVerifiesUnderKmsKey", hsmSig);
        ok = same && kmsSig && hsmSig;
      }
    }
    if (!ok) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "KMS's answers over the challenge chosen offline"
              + " do not match the HSM's half of the proof: "
              + m,
          "do not use this key; investigate" + " the import");
    }
    return m;
  }

  /** Offline, in seal: the HSM re-checks what import recorded; returns the facts, or throws. */
  static Map<String, Object> recheck(
      KeyEvidence hsm,
      TargetKey t,
      CeremonyState st,
      Map<String, String> hsmHalf,
      Map<String, String> kms) {
    byte[] challenge = HEX.parseHex(hsmHalf.get("challenge"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("challenge", hsmHalf.get("challenge"));
    boolean ok;
    String statement;
    switch (st.keySpec.kind()) {
      case HMAC -> {
        byte[] mine = hsm.hmac(t, challenge);
        ok = java.security.MessageDigest.isEqual(mine, HEX.parseHex(kms.get("kmsMac")));
        m.put("macAlgorithm", hsmHalf.get("macAlgorithm"));
        m.put("hsmMac", HEX.formatHex(mine));
        m.put("kmsMac", kms.get("kmsMac"));
        m.put("macsEqual", ok);
        statement = ProveStep.HMAC_STATEMENT;
      }
      case SYMMETRIC -> {
        String ecb = HEX.formatHex(hsm.aesEcbZeroBlock(t));
        String cmac = HEX.formatHex(hsm.aesCmacZeroBlock(t));
        boolean sameObject =
            ecb.equals(hsmHalf.get("hsmAesEcbZeroBlock"))
                && cmac.equals(hsmHalf.get("hsmAesCmacZeroBlock"));
        m.put("hsmAesEcbZeroBlock", ecb);
        m.put("hsmAesCmacZeroBlock", cmac);
        m.put("checkValuesAsInWrap", sameObject);
        m.put("roundTrip", Boolean.parseBoolean(kms.get("roundTrip")));
        ok = sameObject && Boolean.parseBoolean(kms.get("roundTrip"));
        statement = ProveStep.SYMMETRIC_STATEMENT;
      }
      default -> {
        byte[] hsmSpki = hsm.publicKeySpki(t);
        byte[] kmsSpki = HEX.parseHex(kms.get("kmsPublicKey"));
        PublicKey hsmKey = AsymmetricProof.decode(hsmSpki);
        boolean same =
            Arrays.equals(hsmSpki, kmsSpki) || AsymmetricProof.decode(kmsSpki).equals(hsmKey);
        boolean sig =
            AsymmetricProof.verify(
                AsymmetricProof.algorithms(st.keySpec)[1],
                hsmKey,
                challenge,
                HEX.parseHex(kms.get("kmsSignature")));
        m.put("hsmPublicKeySha256", Fingerprint.sha256Hex(hsmSpki));
        m.put("kmsPublicKeySha256", Fingerprint.sha256Hex(kmsSpki));
        m.put("publicKeysSame", same);
        m.put("kmsSignatureVerifiesUnderHsmKey", sig);
        ok = same && sig;
        statement = ProveStep.ASYMMETRIC_STATEMENT;
      }
    }
    m.put("statement", statement);
    if (!ok) {
      throw new CeremonyFailure(
          FailCause.PROOF_FAILED,
          "the HSM's re-check of KMS's recorded answers" + " failed: " + m,
          "do not use this key; investigate the import and the bundle");
    }
    return m;
  }
}
