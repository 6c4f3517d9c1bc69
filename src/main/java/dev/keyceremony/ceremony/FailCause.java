package dev.keyceremony.ceremony;

/**
 * Why a ceremony stopped on purpose (fail closed): one constant per check, one meaning each. The
 * transcript records {@link CeremonyFailure#causeCode()}, which is the constant's name for every
 * cause except {@link #KMS_REFUSED} (there it is the AWS error code, e.g. {@code
 * IncorrectKeyMaterialException}). Auditors read these: docs/reference/fail-causes.md is generated
 * from this enum ({@code FailCauseDocTest}), and every constant has a test that makes a fake HSM or
 * KMS lie in exactly that way ({@code FailCauseTest}). Change a meaning only with its test.
 *
 * <p>Step names are those of the transcript's {@code error} entry ({@code step}); "setup" is a
 * failure before the ceremony could start, and air-gap phases are named {@code phase/step}.
 */
public enum FailCause {
  // Set-up, before the ceremony starts.
  SIGNER_NOT_FOUND(
      "The token has no transcript-signing key with the label transcript.signer" + " names.",
      "setup (signer)",
      false),
  KMS_CONFIG(
      "The kms section could not be turned into a KMS client (endpoint, region, profile or"
          + " credentials).",
      "setup (kms-connect)",
      false),
  APPROVAL_REQUEST(
      "A presigned approval request file is not one that plan --approval-request"
          + " wrote (header or times malformed).",
      "before the run: run --approvals DIR (printed," + " nothing recorded or changed)",
      false),

  // Preflight: the script against the token and KMS, before any change.
  TRUSTED_MODE(
      "Trusted mode (hsm.so-pin) cannot be used: the token cannot create CKA_TRUSTED"
          + " keys, leaves no wrapping algorithm for this material, or the material is"
          + " wrap-with-trusted and hsm wrap has no trusted key.",
      "preflight; air-gap" + " wrap/preflight; hsm wrap",
      false),
  KMS_UNREACHABLE(
      "KMS gave no answer at all (no HTTP status, no request ID) at the configured"
          + " endpoint or Region.",
      "preflight; air-gap prepare/preflight",
      true),
  ALIAS_EXISTS(
      "key.create.alias already exists and points at another key.",
      "preflight; air-gap prepare/preflight",
      false),
  NOT_EXTERNAL(
      "The KMS key's Origin is not EXTERNAL, so it cannot take imported material.",
      "preflight; air-gap prepare/preflight",
      false),
  KEY_HAS_MATERIAL(
      "The KMS key is Enabled and already holds material, but the script generates"
          + " new material (only the same material can be imported again).",
      "preflight; air-gap prepare/preflight",
      false),
  KEY_STATE(
      "The KMS key's KeyState does not allow the operation (an import needs PendingImport,"
          + " or Enabled for a same-material reimport; a rotation needs Enabled).",
      "preflight; air-gap prepare/preflight",
      false),
  USAGE(
      "The existing KMS key's KeyUsage is not the one this tool can prove for its KeySpec.",
      "preflight; air-gap prepare/preflight",
      false),
  SPEC(
      "The existing KMS key's KeySpec cannot take imported material.",
      "preflight; air-gap prepare/preflight",
      false),
  INCOMPATIBLE(
      "KMS does not allow the chosen wrapping algorithm for this key spec and wrapping"
          + " key spec.",
      "preflight; air-gap prepare/preflight; air-gap wrap/preflight; hsm wrap",
      false),
  SELF_TEST(
      "The wrapping algorithm failed the token's mechanism self-test, or auto found no"
          + " algorithm that passed it and a trial wrap.",
      "preflight; air-gap wrap/preflight;" + " hsm wrap",
      false),
  WRAP_PROOF(
      "The algorithm passed the self-test, but a trial wrap of a throwaway object of the"
          + " same spec failed.",
      "preflight; air-gap wrap/preflight; hsm wrap",
      false),
  ALGORITHM_REQUIRED(
      "wrapping.algorithm is auto, which an air-gapped prepare phase cannot"
          + " resolve without the token.",
      "air-gap prepare/preflight",
      false),
  ALGORITHM_MISMATCH(
      "The offline token would wrap with another algorithm than the one prepare"
          + " fetched parameters for.",
      "air-gap wrap/preflight",
      false),
  LABEL_EXISTS(
      "material.generate names a label that an object in the token already has.",
      "preflight; air-gap wrap/preflight; bulk preflight",
      false),
  MATERIAL_NOT_FOUND(
      "The HSM object the ceremony needs (material.existing, the one this"
          + " ceremony generated earlier, or the one wrap used) is not in the token.",
      "preflight; air-gap wrap/preflight; air-gap seal/prove; hsm wrap",
      false),
  MATERIAL_ID_MISMATCH(
      "material.existing's label exists, but its CKA_ID is not material.id: it"
          + " is not the object the earlier ceremony imported.",
      "preflight; air-gap wrap/preflight",
      false),
  ROTATION_NOT_SUPPORTED(
      "key.rotate names a key KMS cannot rotate imported material for (not"
          + " SYMMETRIC_DEFAULT, or multi-Region).",
      "preflight",
      false),
  ROTATION_PENDING(
      "key.rotate names a key that already has a new material staged (neither"
          + " CURRENT nor NON_CURRENT).",
      "preflight",
      false),

  // Approvals.
  NOT_APPROVED(
      "Fewer custodians approved the plan than roles.approvals-required.",
      "approvals; air-gap prepare/approvals; bulk approvals",
      false),
  APPROVAL_REQUEST_MISMATCH(
      "The presigned approval request is for another plan or script than" + " the one being run.",
      "approvals; air-gap prepare/approvals; bulk approvals",
      false),

  // Creating the key and fetching parameters.
  CREATE_KEY_UNEXPECTED(
      "CreateKey answered with a key that is not Origin EXTERNAL, PendingImport"
          + " and the requested KeySpec.",
      "create-key; air-gap prepare/create-key; bulk create-key",
      false),
  WRAPPING_KEY(
      "GetParametersForImport returned a public key that is not RSA or not of the"
          + " requested size.",
      "parameters; air-gap prepare/parameters",
      false),
  NOT_CONFIRMED(
      "A witness did not confirm the wrapping key fingerprint KMS returned.",
      "parameters; replica-import; bulk parameters",
      false),
  FINGERPRINT_MISMATCH(
      "In the offline room a witness did not confirm, or the fingerprint written"
          + " down online differs from the one computed from the bundle.",
      "air-gap" + " wrap/witness-check",
      false),

  // Into the HSM and the wrap.
  WRAPPING_KEY_MISMATCH(
      "The wrapping key object in the token does not have the fingerprint the"
          + " witnesses confirmed (or the file's, for hsm wrap).",
      "hsm-prepare; air-gap" + " wrap/hsm-prepare; replica-import; bulk wrap-import; hsm wrap",
      false),
  NOT_SENSITIVE(
      "The generated or found key material is not CKA_SENSITIVE: the token would"
          + " reveal it in clear.",
      "hsm-prepare; air-gap wrap/hsm-prepare; bulk hsm-prepare",
      false),
  WRAP_UNEXPECTED(
      "The token's wrap returned another algorithm or a ciphertext of the wrong"
          + " length for the wrapping key.",
      "wrap-import; air-gap wrap/wrap; bulk wrap-import;" + " hsm wrap",
      false),
  VALID_TO(
      "The expiration's ValidTo is not in the future and within 365 days at the time of the"
          + " import.",
      "wrap-import; bulk wrap-import",
      false),
  PARAMETERS_EXPIRED(
      "The import parameters expired before the import, and refreshing them did"
          + " not help (or cannot happen in this phase).",
      "wrap-import; air-gap import/import;" + " bulk wrap-import",
      true),
  KMS_REFUSED(
      "KMS refused the material; the recorded cause is KMS's own error code"
          + " (IncorrectKeyMaterialException: not the material first imported into the key).",
      "wrap-import; air-gap import/import",
      false),

  // Proof.
  NOT_ENABLED(
      "After the import, DescribeKey does not show the key Enabled (for a rotation:"
          + " or the new material is missing from the key's materials).",
      "prove; air-gap" + " import/kms-proofs; replica-import",
      false),
  EXPIRATION_MISMATCH(
      "After the import, DescribeKey shows another ExpirationModel or ValidTo"
          + " than the import asked for.",
      "prove; air-gap import/kms-proofs; replica-import",
      false),
  KEY_MATERIAL_ID_MISMATCH(
      "KMS reports another KeyMaterialId for the import than"
          + " material.key-material-id expects.",
      "prove",
      false),
  PROOF_FAILED(
      "KMS and the HSM do not hold the same material: a MAC, signature, public key or"
          + " encrypt/decrypt round trip does not match.",
      "prove; cross-region-proof;"
          + " replica-import; rotate; air-gap import/kms-proofs; air-gap seal/prove",
      false),

  // Multi-Region keys and rotation.
  NOT_MULTI_REGION(
      "The script names replica Regions, but the key is not a multi-Region key.",
      "replicate",
      false),
  REPLICA_UNEXPECTED(
      "A replica is not the primary's key ID, Origin EXTERNAL, the same KeySpec"
          + " and multi-Region.",
      "replicate",
      false),
  ROTATION_UNEXPECTED(
      "After the import or RotateKeyOnDemand, the key's materials are not as"
          + " expected (new material missing or not current, previous not kept).",
      "rotate",
      false);

  private final String meaning;
  private final String steps;
  private final boolean retryable;

  FailCause(String meaning, String steps, boolean retryable) {
    this.meaning = meaning;
    this.steps = steps;
    this.retryable = retryable;
  }

  /** One sentence for an auditor: what was found to be wrong. */
  public String meaning() {
    return meaning;
  }

  /** The steps that can raise it, as the transcript names them. */
  public String steps() {
    return steps;
  }

  /**
   * Whether another attempt ({@code resume}) may get past it; recorded as {@code retryable} in the
   * {@code error} and {@code ceremony.sealed} entries. Everything else is final.
   */
  public boolean retryable() {
    return retryable;
  }
}
