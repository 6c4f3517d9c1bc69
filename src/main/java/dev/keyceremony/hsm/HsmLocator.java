package dev.keyceremony.hsm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which module to load and which token to use. {@code token} is a label, {@code serial:SERIAL}, or
 * an RFC 7512 {@code pkcs11:} URI (token, serial, manufacturer, model attributes). {@code initArgs}
 * is the module's library parameter string, passed to C_Initialize in
 * CK_C_INITIALIZE_ARGS.pReserved, or null for none (SoftHSM2 and hardware HSMs need none; NSS's
 * softoken needs {@code configdir='sql:DIR' certPrefix='' keyPrefix='' secmod='secmod.db' flags=}).
 */
public record HsmLocator(Path module, String token, String initArgs) {
  /** SoftHSM2's module on Debian. */
  public static final Path SOFTHSM_MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  public HsmLocator {
    Objects.requireNonNull(module, "module");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "no token chosen: give a label, serial:SERIAL or a pkcs11: URI");
    }
    if (initArgs != null && initArgs.isBlank()) {
      initArgs = null;
    }
    if (initArgs != null && initArgs.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("the init-args string contains a NUL character");
    }
  }

  /** A module that needs no initialisation parameters. */
  public HsmLocator(Path module, String token) {
    this(module, token, null);
  }

  public Optional<String> initArgsIfAny() {
    return Optional.ofNullable(initArgs);
  }
}
