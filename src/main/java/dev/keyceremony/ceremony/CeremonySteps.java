package dev.keyceremony.ceremony;

import dev.keyceremony.ceremony.script.CeremonyScript;
import dev.keyceremony.ceremony.script.ExpirationSection;
import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The steps of a single ceremony, in order: the one list that {@code run} carries out ({@link
 * Ceremony}) and that {@code plan} numbers for people to read and approve ({@link Plan}). A bulk
 * batch approves this list for its first key; the printed script ({@link PrintedScript}) walks it.
 */
final class CeremonySteps {
  /** The steps that import the material, repeated with new parameters when the old expired. */
  static final List<String> IMPORT = List.of("parameters", "hsm-prepare", "wrap-import");

  private CeremonySteps() {}

  /**
   * One step: its name (the {@code step.NAME} entry {@code run} records), what it does in the
   * plan's words, and the step {@code run} carries out: none for {@code create-key} of an existing
   * key (the plan says it is skipped) and for {@code seal} ({@code run} seals after the steps, in a
   * {@code ceremony.sealed} entry).
   */
  record Planned(String name, String does, Supplier<Step> step) {
    String line(int number) {
      return number + ". " + name + ": " + does;
    }

    boolean runs() {
      return step != null;
    }
  }

  static List<Planned> of(CeremonyScript s, WrappingAlgorithm algorithm, String participantsMode) {
    List<Planned> l = new ArrayList<>();
    var key = s.key();
    var roles = s.roles();
    l.add(
        new Planned(
            "preflight",
            "HSM token '"
                + s.hsm().token()
                + "' ("
                + s.hsm().module()
                + "): facts, wrapping self-test with a "
                + s.wrapping().keySpec()
                + " key and a trial"
                + " wrap of a throwaway session object of the material's kind ("
                + algorithm
                + "); "
                + s.kms().describe()
                + ": ListKeys"
                + (key.creates()
                    ? ""
                    : ", DescribeKey "
                        + key.existing()
                        + " (Origin EXTERNAL, KeyState PendingImport"
                        + (s.material().generate() ? "" : " or Enabled")
                        + ")"
                        + (key.rotates()
                            ? "; rotation: Enabled, SYMMETRIC_DEFAULT, nothing pending"
                                + " (ListKeyRotations)"
                            : "")),
            PreflightStep::new));
    l.add(
        new Planned(
            "approvals",
            roles.approvalsRequired()
                + " of custodians "
                + String.join(", ", roles.custodians())
                + " approve this plan ("
                + participantsMode
                + ")",
            () -> new ApprovalStep(Plan.lines(s, algorithm, participantsMode))));
    if (key.creates()) {
      var c = key.create();
      l.add(
          new Planned(
              "create-key",
              "KMS CreateKey Origin=EXTERNAL KeySpec="
                  + c.spec()
                  + " KeyUsage="
                  + c.usage()
                  + (c.multiRegion() ? " MultiRegion=true" : "")
                  + (c.tags().isEmpty() ? "" : " Tags=" + c.tags())
                  + (c.alias() == null ? "" : "; CreateAlias " + c.alias()),
              CreateKeyStep::new));
    } else {
      l.add(
          new Planned(
              "create-key", "skipped; the existing key " + key.existing() + " is used", null));
    }
    l.add(
        new Planned(
            "parameters",
            "KMS GetParametersForImport WrappingAlgorithm="
                + algorithm
                + " WrappingKeySpec="
                + s.wrapping().keySpec()
                + "; witnesses "
                + String.join(", ", roles.witnesses())
                + " confirm the wrapping key's SHA-256 (hex and"
                + " BIP-39 words)",
            ParametersStep::new));
    l.add(
        new Planned(
            "hsm-prepare",
            "import the wrapping public key as a session object"
                + (s.hsm().trusted() ? " created by the Security Officer with CKA_TRUSTED" : "")
                + "; "
                + (s.material().generate()
                    ? "generate a sensitive persistent token key labelled '"
                        + s.material().label()
                        + "'"
                        + (s.hsm().trusted() ? " with CKA_WRAP_WITH_TRUSTED" : "")
                    : "use the existing token key labelled '"
                        + s.material().label()
                        + "' (reimport)"),
            HsmPrepareStep::new));
    l.add(
        new Planned(
            "wrap-import",
            "C_WrapKey in the token with "
                + algorithm
                + "; KMS ImportKeyMaterial "
                + (key.rotates() ? "ImportType=NEW_KEY_MATERIAL (staged PENDING_ROTATION) " : "")
                + s.expiration().model()
                + (s.expiration().expires() ? " ValidTo=" + validTo(s.expiration()) : ""),
            WrapImportStep::new));
    l.add(
        new Planned("prove", "KMS DescribeKey (Enabled, expiration); " + proof(s), ProveStep::new));
    if (key.replicates()) {
      String rs = String.join(", ", key.replicaRegions());
      l.add(
          new Planned(
              "replicate",
              "KMS ReplicateKey into "
                  + rs
                  + " (where no replica"
                  + " exists yet), tagged with the ceremony ID",
              ReplicateStep::new));
      l.add(
          new Planned(
              "replica-import",
              "in each of "
                  + rs
                  + ": GetParametersForImport;"
                  + " witnesses "
                  + String.join(", ", roles.witnesses())
                  + " confirm that Region's"
                  + " wrapping key; the same token key wrapped under it (session object, destroyed);"
                  + " ImportKeyMaterial with the primary's expiry; DescribeKey and a proof there",
              ReplicaImportStep::new));
      l.add(
          new Planned(
              "cross-region-proof",
              s.key().creates() && s.key().create().spec().kind() == KeySpec.MaterialKind.SYMMETRIC
                  ? "a ciphertext from the primary decrypts in each replica and the other way round"
                  : "ciphertexts, MACs or public keys agree in every Region",
              CrossRegionProofStep::new));
    }
    if (key.rotates()) {
      l.add(new Planned("rotate", RotationChecks.planLine(s), RotateStep::new));
    }
    l.add(
        new Planned(
            "seal",
            "destroy the session objects; sign the transcript with HSM key '"
                + s.transcript().signer()
                + "' into a new directory under "
                + s.transcript().out(),
            null));
    return l;
  }

  private static String validTo(ExpirationSection e) {
    return e.validTo() != null ? e.validTo().toString() : "import time + " + e.validFor();
  }

  private static String proof(CeremonyScript s) {
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
