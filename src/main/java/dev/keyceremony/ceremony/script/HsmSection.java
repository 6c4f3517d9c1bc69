package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.PinSource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The PKCS#11 module, the token (label, {@code serial:...} or {@code pkcs11:} URI), the user PIN
 * source and, for trusted mode, the Security Officer PIN source (null when absent).
 */
public record HsmSection(Path module, String token, PinSource userPin, PinSource soPin) {
  public HsmSection {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(userPin, "userPin");
  }

  /** Trusted mode: the SO creates the wrapping key as a CKA_TRUSTED object. */
  public boolean trusted() {
    return soPin != null;
  }

  public Optional<PinSource> soPinSource() {
    return Optional.ofNullable(soPin);
  }
}
