package dev.keyceremony.cli.kms;

import java.util.Locale;

/** API member names to CLI option names as botocore's {@code xform_name} does: KeyId → key-id. */
final class KebabNames {
  private KebabNames() {}

  static String of(String pascal) {
    String s = pascal.replaceAll("(.)([A-Z][a-z]+)", "$1-$2");
    s = s.replaceAll("([a-z0-9])([A-Z])", "$1-$2");
    return s.toLowerCase(Locale.ROOT);
  }
}
