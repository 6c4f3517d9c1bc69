package dev.keyceremony.ceremony.script;

/**
 * Either a key to create ({@code create}) or an existing key ID or ARN ({@code existing}); a
 * rotation ({@code rotate}) is an existing key (its ID is {@code existing}) that gets new material.
 */
public record KeySection(KeyCreate create, String existing, KeyRotate rotate) {
  public KeySection {
    if ((create == null) == (existing == null)) {
      throw new IllegalArgumentException("exactly one of create and existing");
    }
    if (rotate != null && !rotate.keyId().equals(existing)) {
      throw new IllegalArgumentException("a rotation names its key in existing");
    }
  }

  public KeySection(KeyCreate create, String existing) {
    this(create, existing, null);
  }

  public boolean creates() {
    return create != null;
  }

  /** New material for a key that has some: NEW_KEY_MATERIAL, then (optionally) the rotation. */
  public boolean rotates() {
    return rotate != null;
  }
}
