package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.SignerKey;
import java.util.Objects;

/** A transcript signer key pair (EC P-384) found by label and CKA_ID. */
record IaikSignerKey(String label, String idHex) implements SignerKey {
  IaikSignerKey {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(idHex, "idHex");
  }
}
