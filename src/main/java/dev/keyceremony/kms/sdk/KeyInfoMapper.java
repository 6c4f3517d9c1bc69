package dev.keyceremony.kms.sdk;

import dev.keyceremony.kms.KeyInfo;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** KeyMetadata to the port's {@link KeyInfo}; enums as KMS spells them (unknown values kept). */
final class KeyInfoMapper {
  private KeyInfoMapper() {}

  static KeyInfo from(KeyMetadata m) {
    return new KeyInfo(
        m.keyId(),
        m.arn(),
        m.awsAccountId(),
        m.keySpecAsString(),
        m.keyUsageAsString(),
        m.originAsString(),
        m.keyStateAsString(),
        Boolean.TRUE.equals(m.enabled()),
        m.expirationModelAsString(),
        m.validTo(),
        m.currentKeyMaterialId(),
        Boolean.TRUE.equals(m.multiRegion()),
        m.hasSigningAlgorithms() ? m.signingAlgorithmsAsStrings() : null,
        m.hasMacAlgorithms() ? m.macAlgorithmsAsStrings() : null,
        m.hasEncryptionAlgorithms() ? m.encryptionAlgorithmsAsStrings() : null);
  }
}
