package dev.keyceremony.ceremony;

/**
 * What an earlier run of the same ceremony already did, as its transcript and the reconciliation
 * with KMS and the HSM found it: the resumed run does none of it again. Null fields: not done.
 *
 * @param approved the custodians' approvals were given (they are not asked again)
 * @param keyId the KMS key the ceremony created (or used), null when none exists yet
 * @param aliasCreated the alias the script asks for points at that key
 * @param materialLabel the label of the HSM object the ceremony generated, null when none
 * @param materialIdHex its CKA_ID in hex
 * @param imported KMS holds the material (the import was recorded or found done)
 * @param keyMaterialId the KeyMaterialId of that import, when KMS gave one
 * @param previousKeyMaterialId the key's KeyMaterialId before the ceremony (a reimport)
 * @param importedValidTo the ValidTo the import asked for (null: does not expire, or no import)
 */
public record Resumption(
    boolean approved,
    String keyId,
    boolean aliasCreated,
    String materialLabel,
    String materialIdHex,
    boolean imported,
    String keyMaterialId,
    String previousKeyMaterialId,
    java.time.Instant importedValidTo) {
  /** Nothing was done before: a fresh run. */
  public static final Resumption NONE =
      new Resumption(false, null, false, null, null, false, null, null, null);
}
