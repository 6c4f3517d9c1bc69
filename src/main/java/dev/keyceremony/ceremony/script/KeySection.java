package dev.keyceremony.ceremony.script;

/** Either a key to create ({@code create}) or an existing key ID or ARN ({@code existing}). */
public record KeySection(KeyCreate create, String existing) {
  public KeySection {
    if ((create == null) == (existing == null)) {
      throw new IllegalArgumentException("exactly one of create and existing");
    }
  }

  public boolean creates() {
    return create != null;
  }
}
