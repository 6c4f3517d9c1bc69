package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.PinSource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The PKCS#11 module, the token (label, {@code serial:...} or {@code pkcs11:} URI), the user PIN
 * source, for trusted mode the Security Officer PIN source (null when absent), and the module's
 * C_Initialize parameters ({@code init-args}, null when absent; NSS's softoken needs them).
 */
public record HsmSection(
    Path module, String token, PinSource userPin, PinSource soPin, String initArgs) {
  public HsmSection {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(userPin, "userPin");
  }

  /** A module without init-args. */
  public HsmSection(Path module, String token, PinSource userPin, PinSource soPin) {
    this(module, token, userPin, soPin, null);
  }

  /** Trusted mode: the SO creates the wrapping key as a CKA_TRUSTED object. */
  public boolean trusted() {
    return soPin != null;
  }

  public Optional<PinSource> soPinSource() {
    return Optional.ofNullable(soPin);
  }
}
