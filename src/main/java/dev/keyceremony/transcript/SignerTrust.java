package dev.keyceremony.transcript;

import java.util.Objects;

/**
 * Whether the key that signed the bundle is one the auditor pinned. A valid signature alone proves
 * only that whoever holds signer.pem's private key signed: anyone can make a key, re-sign an
 * altered copy and replace signer.pem. Only a pin from outside the bundle (a fingerprint from the
 * organisation's records, a trust file, a signer enrolment record) ties the signature to the HSM.
 *
 * @param status pinned, not pinned, or no signer to pin (unsigned or unreadable bundle)
 * @param pinName the matching pin's name when pinned, else empty
 * @param fingerprint signer.pem's SHA-256, empty when there is none
 */
public record SignerTrust(Status status, String pinName, String fingerprint) {
  /** The three states of a signer. */
  public enum Status {
    /** signer.pem's key matches a pin given to the verifier. */
    PINNED,
    /** No pin was given; the signature may be valid, but nothing says whose key it is. */
    NOT_PINNED,
    /**
     * No usable signer key (unsigned bundle, missing or unreadable signer.pem, or a pin mismatch).
     */
    NONE
  }

  public SignerTrust {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(pinName, "pinName");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** The signer half of the first line. */
  public String headline() {
    return switch (status) {
      case PINNED -> "signer pinned (" + pinName + ")";
      case NOT_PINNED ->
          "signature valid, signer NOT PINNED: compare fingerprint "
              + fingerprint
              + " with your records";
      case NONE -> "no trusted signer";
    };
  }
}
