package dev.keyceremony.hsm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which module to load and which token to use. {@code token} is a label, {@code serial:SERIAL}, or
 * an RFC 7512 {@code pkcs11:} URI (token, serial, manufacturer, model attributes).
 */
public record HsmLocator(Path module, String token) {
  /** SoftHSM2's module on Debian. */
  public static final Path SOFTHSM_MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  public HsmLocator {
    Objects.requireNonNull(module, "module");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "no token chosen: give a label, serial:SERIAL or a pkcs11: URI");
    }
  }
}
