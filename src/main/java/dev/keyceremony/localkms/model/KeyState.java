package dev.keyceremony.localkms.model;

/** The key states this local KMS uses (a subset of the KMS model's KeyState enum). */
public enum KeyState {
  Enabled,
  Disabled,
  PendingDeletion,
  PendingImport
}
