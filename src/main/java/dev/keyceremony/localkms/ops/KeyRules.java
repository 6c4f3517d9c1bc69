package dev.keyceremony.localkms.ops;

import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeyState;

/** Key-state and origin rules shared by the operations (spec section 4.4), with AWS's messages. */
final class KeyRules {
  private KeyRules() {}

  /** For cryptographic operations: only Enabled keys. */
  static void requireUsable(KeyRecord k) {
    switch (k.state) {
      case Enabled -> {
        return;
      }
      case Disabled -> throw new KmsError("DisabledException", k.arn + " is disabled.");
      case PendingDeletion -> throw KmsError.invalidState(k.arn + " is pending deletion.");
      case PendingImport -> throw KmsError.invalidState(k.arn + " is pending import.");
      default -> throw KmsError.invalidState(k.arn + " is not in a valid state.");
    }
  }

  /** For the import operations: origin EXTERNAL. */
  static void requireExternal(KeyRecord k) {
    if (!k.isExternal()) {
      throw KmsError.unsupported(
          k.arn + " origin is " + k.origin + " which is not valid for this operation.");
    }
  }

  /** Automatic rotation is never allowed for imported key material. */
  static void requireExternalNot(KeyRecord k) {
    if (k.isExternal()) {
      throw KmsError.unsupported(
          k.arn
              + " origin is EXTERNAL which is not valid for this operation. Automatic rotation"
              + " is not supported for imported key material; import new key material with"
              + " ImportType NEW_KEY_MATERIAL and call RotateKeyOnDemand instead.");
    }
  }

  static void requireNotPendingDeletion(KeyRecord k) {
    if (k.state == KeyState.PendingDeletion) {
      throw KmsError.invalidState(k.arn + " is pending deletion.");
    }
  }

  static void requireUsage(KeyRecord k, String usage, String operation) {
    if (!usage.equals(k.keyUsage)) {
      throw new KmsError(
          "InvalidKeyUsageException",
          k.arn + " key usage is " + k.keyUsage + " which is not valid for " + operation + ".");
    }
  }
}
