package dev.keyceremony.localkms.ops;

/** The authenticated caller of one request: account (from its credentials) and SigV4 Region. */
public record Caller(String account, String region) {
  public Caller {
    if (account == null || region == null) {
      throw new IllegalArgumentException("account and region are required");
    }
  }
}
