package dev.keyceremony.workflow;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One EXTERNAL key as {@code status} sees it: state, materials with their expiry, where it came
 * from (the tags a ceremony puts on the keys it creates, and a matching bundle), and whether it
 * needs a reimport within the window.
 *
 * @param ceremonyId tag kms-key-ceremony:ceremony-id, null when absent
 * @param hsmLabel tag kms-key-ceremony:hsm-label, null when absent
 * @param bundle the newest verified bundle that imported into this key, null when none matched
 * @param due the key needs a reimport: a material expires within the window, or a material that was
 *     imported is gone (expired or deleted; the key is PendingImport)
 * @param reason why it is due, null when not
 * @param next the command to run, null when not due
 */
public record KeyStatus(
    String region,
    String keyId,
    String arn,
    String keySpec,
    String keyState,
    boolean multiRegion,
    List<Material> materials,
    String ceremonyId,
    String hsmLabel,
    Path bundle,
    boolean due,
    String reason,
    String next) {
  public KeyStatus {
    Objects.requireNonNull(arn, "arn");
    materials = List.copyOf(materials);
  }

  /**
   * One material: ListKeyRotations for symmetric keys, DescribeKey for the others (one material for
   * life, no KeyMaterialId).
   *
   * @param daysLeft whole days until validTo (negative: past), null when it does not expire
   */
  public record Material(
      String keyMaterialId,
      String keyMaterialState,
      String importState,
      String expirationModel,
      Instant validTo,
      Long daysLeft) {}

  /** The smallest days-left of the key's materials, null when none expires. */
  public Long daysLeft() {
    return materials.stream()
        .map(Material::daysLeft)
        .filter(Objects::nonNull)
        .min(Long::compare)
        .orElse(null);
  }
}
