package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.TargetKey;
import java.util.Objects;

/** A target key found by label and CKA_ID; handles are looked up per use, never cached. */
record IaikTargetKey(String label, String idHex, KeySpec keySpec) implements TargetKey {
  IaikTargetKey {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(idHex, "idHex");
    Objects.requireNonNull(keySpec, "keySpec");
  }
}
