package dev.keyceremony.ceremony.script;

import java.util.List;

/**
 * Either a key to create ({@code create}) or an existing key ID or ARN ({@code existing}); a
 * rotation ({@code rotate}) is an existing key (its ID is {@code existing}) that gets new material.
 * {@code replicaRegions}: the Regions of a multi-Region key's replicas that receive the same
 * material in the same ceremony (empty: the key's own Region only).
 */
public record KeySection(
    KeyCreate create, String existing, KeyRotate rotate, List<String> replicaRegions) {
  public KeySection {
    if ((create == null) == (existing == null)) {
      throw new IllegalArgumentException("exactly one of create and existing");
    }
    if (rotate != null && !rotate.keyId().equals(existing)) {
      throw new IllegalArgumentException("a rotation names its key in existing");
    }
    replicaRegions = replicaRegions == null ? List.of() : List.copyOf(replicaRegions);
  }

  public KeySection(KeyCreate create, String existing, KeyRotate rotate) {
    this(create, existing, rotate, List.of());
  }

  public KeySection(KeyCreate create, String existing) {
    this(create, existing, null, List.of());
  }

  public boolean creates() {
    return create != null;
  }

  /** New material for a key that has some: NEW_KEY_MATERIAL, then (optionally) the rotation. */
  public boolean rotates() {
    return rotate != null;
  }

  /** A multi-Region key whose replicas this ceremony creates (if missing) and imports into. */
  public boolean replicates() {
    return !replicaRegions.isEmpty();
  }
}
