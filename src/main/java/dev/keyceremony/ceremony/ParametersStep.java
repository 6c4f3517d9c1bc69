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
    ImportParameters p =
        SideEffects.perform(
            ctx,
            name(),
            "kms:GetParametersForImport",
            Map.of("keyId", keyId, "algorithm", st.algorithm.name(), "wrappingKeySpec", wks.name()),
            () -> ctx.kms().getParametersForImport(keyId, st.algorithm, wks).value(),
            v ->
                Map.of(
                    "wrappingKeySpkiSha256",
                    Fingerprint.sha256Hex(v.publicKeySpki()),
                    "parametersValidTo",
                    String.valueOf(v.parametersValidTo())));
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
    ConfirmationPrompt prompt =
        new ConfirmationPrompt(roles, st.fingerprint, ceremonyId(ctx), ctx.clock());
    List<Acknowledgement> answers =
        counted(roles, prompt, ctx.participants().confirmations(prompt));
    List<Object> recorded = new ArrayList<>();
    for (Acknowledgement a : answers) {
      recorded.add(a.toData());
    }
    data.put("mode", ctx.participants().mode());
    if (roles.witnesses().stream().anyMatch(w -> roles.key(w).isPresent())) {
      // The signed bytes, so an auditor can re-verify with ssh-keygen -Y verify.
      data.put("confirmationText", prompt.text());
    }
    data.put("confirmations", recorded);
    for (String w : roles.witnesses()) {
      boolean ok = answers.stream().anyMatch(a -> a.name().equals(w) && a.positive());
      if (!ok) {
        throw new CeremonyFailure(
            FailCause.NOT_CONFIRMED,
            "witness "
                + w
                + " did not confirm the"
                + " wrapping key fingerprint "
                + st.fingerprint.hex(),
            "nothing was imported; compare"
                + " the fingerprint with the one KMS returned; undo what this ceremony created"
                + " with "
                + ctx.control().abandonCommand()
                + " and hold the ceremony again");
      }
    }
  }

  /**
   * A witness with an ssh-key confirms only with a valid signature over the confirmation text,
   * checked again here; without one the answer is recorded as not counted.
   */
  static List<Acknowledgement> counted(
      Roles roles, ConfirmationPrompt prompt, List<Acknowledgement> answers) {
    List<Acknowledgement> out = new ArrayList<>();
    for (Acknowledgement a : answers) {
      if (!a.positive() || roles.key(a.name()).isEmpty()) {
        out.add(a);
        continue;
      }
      SignatureCheck.Result r =
          a.signed()
              ? prompt.check(
                  String.valueOf(a.evidence().get("source")),
                  String.valueOf(a.evidence().get("signature")))
              : null;
      if (r != null && r.valid() && r.name().equals(a.name())) {
        out.add(
            new Acknowledgement(a.role(), a.name(), a.decision(), a.time(), a.how(), r.evidence()));
      } else {
        out.add(
            new Acknowledgement(
                a.role(),
                a.name(),
                "not counted",
                a.time(),
                a.how()
                    + "; "
                    + a.name()
                    + " has an ssh-key in the script, so only a valid signature over the"
                    + " confirmation text counts"
                    + (r == null ? "" : " (" + r.reason() + ")")));
      }
    }
    return out;
  }

  private static String ceremonyId(CeremonyContext ctx) {
    Object id = ctx.environment().get("ceremonyId");
    return id != null ? id.toString() : ctx.script().name();
  }

  /** Verifies the device result: the wrapping key must be RSA of the size asked for. */
  static void checkRsa(byte[] spki, int bits) {
    int actual;
    try {
      RSAPublicKey k =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
      actual = k.getModulus().bitLength();
    } catch (java.security.GeneralSecurityException | ClassCastException e) {
      throw new CeremonyFailure(
          FailCause.WRAPPING_KEY,
          "GetParametersForImport returned a public key that"
              + " is not an RSA SubjectPublicKeyInfo ("
              + e.getClass().getSimpleName()
              + ")",
          "check the KMS endpoint");
    }
    if (actual != bits) {
      throw new CeremonyFailure(
          FailCause.WRAPPING_KEY,
          "GetParametersForImport returned an RSA key of "
              + actual
              + " bits; "
              + bits
              + " were requested",
          "check the KMS endpoint");
    }
  }
}
