package dev.keyceremony.localkms.ops;

/** AWS's default key policy text, for keys created without a Policy (never enforced here). */
final class DefaultPolicy {
  private DefaultPolicy() {}

  static String forAccount(String account) {
    return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":"
        + "\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::"
        + account
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }
}
