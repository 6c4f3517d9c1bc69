package dev.keyceremony.ceremony.script;

import java.nio.file.Path;
import java.util.List;

/** The rules between {@code key.rotate} and the other sections. */
final class RotationRules {
  private RotationRules() {}

  /**
   * Replicas: not the primary's own Region, and not with a rotation (its staging across Regions is
   * not built yet).
   */
  static void replicas(KeySection key, KmsSection kms, List<Problem> problems) {
    if (key == null || !key.replicates()) {
      return;
    }
    String at = key.creates() ? "key.create.replica-regions" : "key.replica-regions";
    if (kms != null && key.replicaRegions().contains(kms.regionOrDefault())) {
      problems.add(
          new Problem(
              at,
              "'"
                  + kms.regionOrDefault()
                  + "' is the primary's Region"
                  + " (kms.region"
                  + (kms.region() == null ? ", by default" : "")
                  + "); list only the"
                  + " replicas' Regions"));
    }
  }

  /**
   * A rotation needs new material ({@code material.generate}); a relative {@code
   * key.rotate.previous-bundle} resolves against the script's directory.
   */
  static KeySection check(
      KeySection key, MaterialSection material, Path base, List<Problem> problems) {
    if (key == null || !key.rotates()) {
      return key;
    }
    if (material != null && !material.generate()) {
      problems.add(
          new Problem(
              "material.existing",
              "a rotation (key.rotate) imports new"
                  + " material: use material.generate with a new HSM label; to import the same material"
                  + " again use key.existing (or ./ceremony reimport BUNDLE)"));
    }
    KeyRotate r = key.rotate();
    if (r.previousBundle() == null || r.previousBundle().isAbsolute()) {
      return key;
    }
    return new KeySection(
        null,
        key.existing(),
        new KeyRotate(
            r.keyId(),
            r.rotateNow(),
            r.materialDescription(),
            base.resolve(r.previousBundle()).normalize()));
  }
}
