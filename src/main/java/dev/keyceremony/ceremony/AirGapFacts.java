package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.kms.ImportParameters;
import java.util.Map;

/**
 * What the earlier phases of an air-gapped ceremony established, as the workflow read it from the
 * bundle (transcript entries and files whose hashes the phases recorded). Null: not known yet.
 *
 * @param keyId the KMS key (created in prepare, or the existing one)
 * @param keySpec its spec
 * @param algorithm the wrapping algorithm the script names
 * @param parameters the import parameters in the bundle (WrappingPublicKey.der, ImportToken.bin)
 * @param materialLabel the HSM object's label, once wrap found or generated it
 * @param materialIdHex its CKA_ID
 * @param generatedByThisCeremony wrap generated that object (not a reimport of an old one)
 * @param hsmHalf the HSM's half of the proofs recorded by wrap (challenge, commitments, ...)
 * @param kmsHalf KMS's half of the proofs recorded by import
 */
public record AirGapFacts(
    String keyId,
    KeySpec keySpec,
    WrappingAlgorithm algorithm,
    ImportParameters parameters,
    String materialLabel,
    String materialIdHex,
    boolean generatedByThisCeremony,
    Map<String, String> hsmHalf,
    Map<String, String> kmsHalf) {
  public AirGapFacts {
    hsmHalf = hsmHalf == null ? Map.of() : Map.copyOf(hsmHalf);
    kmsHalf = kmsHalf == null ? Map.of() : Map.copyOf(kmsHalf);
  }
}
