package dev.keyceremony.kms;

import java.time.Instant;
import java.util.List;

/** The KeyMetadata fields a ceremony checks. Optional fields are null when KMS omits them. */
public record KeyInfo(
    String keyId,
    String arn,
    String accountId,
    String keySpec,
    String keyUsage,
    String origin,
    String keyState,
    boolean enabled,
    String expirationModel,
    Instant validTo,
    String currentKeyMaterialId,
    boolean multiRegion,
    List<String> signingAlgorithms,
    List<String> macAlgorithms,
    List<String> encryptionAlgorithms) {
  public KeyInfo {
    signingAlgorithms = signingAlgorithms == null ? List.of() : List.copyOf(signingAlgorithms);
    macAlgorithms = macAlgorithms == null ? List.of() : List.copyOf(macAlgorithms);
    encryptionAlgorithms =
        encryptionAlgorithms == null ? List.of() : List.copyOf(encryptionAlgorithms);
  }
}
