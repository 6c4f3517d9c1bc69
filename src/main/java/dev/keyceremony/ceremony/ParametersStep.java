package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.Roles;
import dev.keyceremony.kms.ImportParameters;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GetParametersForImport; checks the wrapping public key (RSA of the requested size); shows its
 * SHA-256 fingerprint in hex and words; every witness must confirm it.
 */
final class ParametersStep implements Step {
  @Override
  public String name() {
    return "parameters";
  }

  @Override
  public void run(CeremonyContext ctx, CeremonyState st, Map<String, Object> data) {
    var wks = ctx.script().wrapping().keySpec();
    String keyId = st.keyId();
    ImportParameters p = SideEffects.perform(ctx, name(), "kms:GetParametersForImport",
        Map.of("keyId", keyId, "algorithm", st.algorithm.name(), "wrappingKeySpec", wks.name()),
        () -> ctx.kms().getParametersForImport(keyId, st.algorithm, wks).value(),
        v -> Map.of("wrappingKeySpkiSha256", Fingerprint.sha256Hex(v.publicKeySpki()),
            "parametersValidTo", String.valueOf(v.parametersValidTo())));
    st.parameters = p;
    data.put("keyArn", p.keyArn());
    data.put("algorithm", st.algorithm.name());
    data.put("wrappingKeySpec", wks.name());
    data.put("wrappingKeySpkiSha256", Fingerprint.sha256Hex(p.publicKeySpki()));
    data.put("importTokenSha256", Fingerprint.sha256Hex(p.importToken()));
    data.put("parametersValidTo", String.valueOf(p.parametersValidTo()));
    checkRsa(p.publicKeySpki(), wks.bits());
    st.fingerprint = Fingerprint.of(p.publicKeySpki());
    data.put("fingerprintWords", st.fingerprint.wordsText());
    data.put("wordList", "BIP-39 English (24 words: SHA-256 + 8-bit checksum)");

    Roles roles = ctx.script().roles();
    List<Acknowledgement> answers = ctx.participants().confirmations(roles, st.fingerprint);
    List<Object> recorded = new ArrayList<>();
    for (Acknowledgement a : answers) {
      recorded.add(a.toData());
    }
    data.put("mode", ctx.participants().mode());
    data.put("confirmations", recorded);
    for (String w : roles.witnesses()) {
      boolean ok = answers.stream().anyMatch(a -> a.name().equals(w) && a.positive());
      if (!ok) {
        throw new CeremonyFailure("NOT_CONFIRMED", "witness " + w + " did not confirm the"
            + " wrapping key fingerprint " + st.fingerprint.hex(), "nothing was imported; compare"
                + " the fingerprint with the one KMS returned; undo what this ceremony created"
                + " with " + ctx.control().abandonCommand() + " and hold the ceremony again");
      }
    }
  }

  /** Verifies the device result: the wrapping key must be RSA of the size asked for. */
  static void checkRsa(byte[] spki, int bits) {
    int actual;
    try {
      RSAPublicKey k = (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new X509EncodedKeySpec(spki));
      actual = k.getModulus().bitLength();
    } catch (java.security.GeneralSecurityException | ClassCastException e) {
      throw new CeremonyFailure("WRAPPING_KEY", "GetParametersForImport returned a public key that"
          + " is not an RSA SubjectPublicKeyInfo (" + e.getClass().getSimpleName() + ")",
          "check the KMS endpoint");
    }
    if (actual != bits) {
      throw new CeremonyFailure("WRAPPING_KEY", "GetParametersForImport returned an RSA key of "
          + actual + " bits; " + bits + " were requested", "check the KMS endpoint");
    }
  }
}
