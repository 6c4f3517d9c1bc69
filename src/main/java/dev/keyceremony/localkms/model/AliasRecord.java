package dev.keyceremony.localkms.model;

/** An alias in one account and Region, pointing at a key ID. */
public record AliasRecord(
    String account, String region, String name, String targetKeyId, long creationDate) {

  public AliasRecord {
    if (name == null || !name.startsWith("alias/")) {
      throw new IllegalArgumentException("alias name must start with alias/: " + name);
    }
  }

  public String arn() {
    return "arn:aws:kms:" + region + ":" + account + ":" + name;
  }
}
