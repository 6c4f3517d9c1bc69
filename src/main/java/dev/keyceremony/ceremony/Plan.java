package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ExpirationSection;
import dev.keyceremony.core.WrappingAlgorithm;
import java.util.ArrayList;
import java.util.List;

/** The exact steps {@code run} would take, as numbered lines for people to read and approve. */
public final class Plan {
  private Plan() {}

  static List<String> lines(CeremonyScript s, WrappingAlgorithm algorithm, String participantsMode) {
    List<String> l = new ArrayList<>();
    var key = s.key();
    var roles = s.roles();
    l.add("1. preflight: HSM token '" + s.hsm().token() + "' (" + s.hsm().module()
        + "): facts, wrapping self-test with a " + s.wrapping().keySpec() + " key and a trial"
        + " wrap of a throwaway session object of the material's kind (" + algorithm + "); "
        + s.kms().describe() + ": ListKeys" + (key.creates() ? "" : ", DescribeKey "
        + key.existing() + " (Origin EXTERNAL, KeyState PendingImport"
        + (s.material().generate() ? "" : " or Enabled") + ")"
        + (key.rotates() ? "; rotation: Enabled, SYMMETRIC_DEFAULT, nothing pending"
            + " (ListKeyRotations)" : "")));
    l.add("2. approvals: " + roles.approvalsRequired() + " of custodians "
        + String.join(", ", roles.custodians()) + " approve this plan (" + participantsMode + ")");
    if (key.creates()) {
      var c = key.create();
      l.add("3. create-key: KMS CreateKey Origin=EXTERNAL KeySpec=" + c.spec() + " KeyUsage="
          + c.usage() + (c.multiRegion() ? " MultiRegion=true" : "")
          + (c.tags().isEmpty() ? "" : " Tags=" + c.tags())
          + (c.alias() == null ? "" : "; CreateAlias " + c.alias()));
    } else {
      l.add("3. create-key: skipped; the existing key " + key.existing() + " is used");
    }
    l.add("4. parameters: KMS GetParametersForImport WrappingAlgorithm=" + algorithm
        + " WrappingKeySpec=" + s.wrapping().keySpec() + "; witnesses "
        + String.join(", ", roles.witnesses()) + " confirm the wrapping key's SHA-256 (hex and"
        + " BIP-39 words)");
    l.add("5. hsm-prepare: import the wrapping public key as a session object"
        + (s.hsm().trusted() ? " created by the Security Officer with CKA_TRUSTED" : "")
        + "; " + (s.material().generate()
            ? "generate a sensitive persistent token key labelled '" + s.material().label() + "'"
                + (s.hsm().trusted() ? " with CKA_WRAP_WITH_TRUSTED" : "")
            : "use the existing token key labelled '" + s.material().label() + "' (reimport)"));
    l.add("6. wrap-import: C_WrapKey in the token with " + algorithm + "; KMS ImportKeyMaterial "
        + (key.rotates() ? "ImportType=NEW_KEY_MATERIAL (staged PENDING_ROTATION) " : "")
        + s.expiration().model() + (s.expiration().expires() ? " ValidTo=" + validTo(s.expiration())
            : ""));
    l.add("7. prove: KMS DescribeKey (Enabled, expiration); " + proof(s, algorithm));
    if (key.replicates()) {
      String rs = String.join(", ", key.replicaRegions());
      l.add((l.size() + 1) + ". replicate: KMS ReplicateKey into " + rs + " (where no replica"
          + " exists yet), tagged with the ceremony ID");
      l.add((l.size() + 1) + ". replica-import: in each of " + rs + ": GetParametersForImport;"
          + " witnesses " + String.join(", ", roles.witnesses()) + " confirm that Region's"
          + " wrapping key; the same token key wrapped under it (session object, destroyed);"
          + " ImportKeyMaterial with the primary's expiry; DescribeKey and a proof there");
      l.add((l.size() + 1) + ". cross-region-proof: " + (s.key().creates()
          && s.key().create().spec().kind() == dev.keyceremony.core.KeySpec.MaterialKind.SYMMETRIC
              ? "a ciphertext from the primary decrypts in each replica and the other way round"
              : "ciphertexts, MACs or public keys agree in every Region"));
    }
    if (key.rotates()) {
      l.add(RotationChecks.planLine(s, l.size() + 1));
    }
    l.add((l.size() + 1) + ". seal: destroy the session objects; sign the transcript with HSM key '"
        + s.transcript().signer() + "' into a new directory under " + s.transcript().out());
    return l;
  }

  private static String validTo(ExpirationSection e) {
    return e.validTo() != null ? e.validTo().toString() : "import time + " + e.validFor();
  }

  private static String proof(CeremonyScript s, WrappingAlgorithm a) {
    if (!s.key().creates()) {
      return "a proof chosen by the key's spec (HMAC equality, public key and signatures, or check"
          + " values and an encrypt/decrypt round trip)";
    }
    switch (s.key().create().spec().kind()) {
      case HMAC:
        return "KMS GenerateMac equals the HSM HMAC over a fresh random challenge";
      case SYMMETRIC:
        return "HSM check values (AES-ECB, AES-CMAC of a zero block), KeyMaterialId, KMS"
            + " Encrypt/Decrypt round trip";
      default:
        return "KMS GetPublicKey equals the HSM public key; KMS Sign over a fresh challenge"
            + " verifies under the HSM public key and vice versa";
    }
  }
}
