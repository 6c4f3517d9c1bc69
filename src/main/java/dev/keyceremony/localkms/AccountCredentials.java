package dev.keyceremony.localkms;

/** One accepted access key pair and the account it belongs to. The secret never prints. */
public record AccountCredentials(String accessKeyId, String secretAccessKey, String accountId) {
  public static final AccountCredentials DEFAULT =
      new AccountCredentials(
          "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "111122223333");

  public AccountCredentials {
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new IllegalArgumentException("aws_access_key_id is required");
    }
    if (secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("aws_secret_access_key is required for " + accessKeyId);
    }
    if (accountId == null || !accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException(
          "aws_account_id must be 12 digits for " + accessKeyId + ", got '" + accountId + "'");
    }
  }

  public AccountCredentials withAccount(String account) {
    return new AccountCredentials(accessKeyId, secretAccessKey, account);
  }

  @Override
  public String toString() {
    return "AccountCredentials[" + accessKeyId + ", account " + accountId + ", secret=***]";
  }
}
