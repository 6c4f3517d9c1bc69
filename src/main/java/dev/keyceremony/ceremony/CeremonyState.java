package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrappingKey;
import dev.keyceremony.kms.ImportOutcome;
import dev.keyceremony.kms.ImportParameters;
import dev.keyceremony.kms.KeyInfo;
import java.time.Instant;

/** What the steps learn and hand on to later steps. Mutable; lives for one ceremony. */
final class CeremonyState {
  KeySpec keySpec;
  WrappingAlgorithm algorithm;
  SelfTestReport selfTest;

  /** The KMS key before this ceremony (existing key) or as created. */
  KeyInfo key;

  String previousKeyMaterialId;
  ImportParameters parameters;
  Fingerprint fingerprint;
  WrappingKey wrappingKey;
  TargetKey target;
  Instant validTo;
  ImportOutcome imported;
  boolean proven;

  /** Every replica Region holds the material and agrees with the primary. */
  boolean crossRegionProven;

  /** This ceremony (this run or an earlier one) created the KMS key. */
  boolean keyCreatedHere;

  /** The alias the script asks for exists and points at the key. */
  boolean aliasCreated;

  /** This ceremony generated the HSM object. */
  boolean materialGeneratedHere;

  /** Clients for the replicas' Regions (multi-Region ceremonies), closed when it ends. */
  final java.util.Map<String, dev.keyceremony.kms.Kms> regions = new java.util.LinkedHashMap<>();

  String keyId() {
    return key.keyId();
  }

  /** The KMS client of {@code region}, recorded like the primary's; made once per ceremony. */
  dev.keyceremony.kms.Kms in(CeremonyContext ctx, String region) {
    return regions.computeIfAbsent(region, r -> ctx.kms().inRegion(r));
  }

  void closeRegions() {
    regions.values().forEach(dev.keyceremony.kms.Kms::close);
    regions.clear();
  }
}
