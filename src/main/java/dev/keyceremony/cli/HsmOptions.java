package dev.keyceremony.cli;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.hsm.HsmLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The shared options of every command that opens the HSM: module, token (label, serial:SERIAL or a
 * pkcs11: URI), PIN source. A picocli mixin: {@code @Mixin HsmOptions hsm;}.
 */
public final class HsmOptions {
  /** The project's rig token, created by softhsm-config/ensure-softhsm.sh. */
  public static final String DEFAULT_TOKEN = "ceremony-dev";

  @Option(
      names = "--module",
      paramLabel = "PATH",
      description =
          "PKCS#11 module (.so). Default: $CEREMONY_PKCS11_MODULE, else "
              + "/usr/lib/softhsm/libsofthsm2.so")
  Path module;

  @Option(
      names = "--token",
      paramLabel = "LABEL|serial:SERIAL",
      description = "Token by label or serial:SERIAL. Default: " + DEFAULT_TOKEN)
  String token;

  @Option(
      names = "--token-uri",
      paramLabel = "URI",
      description = "Token by RFC 7512 URI, e.g. 'pkcs11:token=ceremony-dev;serial=...'")
  String tokenUri;

  @Option(
      names = "--pin",
      paramLabel = "SOURCE",
      description =
          "User PIN source: prompt, env:NAME or file:PATH (never the PIN itself). Default:"
              + " file:$CEREMONY_HOME/.softhsm/<token>.user.pin when it exists, else prompt")
  String pin;

  @Option(
      names = "--init-args",
      paramLabel = "STRING",
      description =
          "Library parameters for C_Initialize (CK_C_INITIALIZE_ARGS.pReserved); only modules that"
              + " need them, e.g. NSS's softoken: \"configdir='sql:.nss/db' certPrefix=''"
              + " keyPrefix='' secmod='secmod.db' flags=\". Default: $CEREMONY_PKCS11_INIT_ARGS,"
              + " else none")
  String initArgs;

  /** The module, token and PIN source after defaults, from the process environment. */
  public HsmLocator locator() {
    return locator(System.getenv());
  }

  HsmLocator locator(Map<String, String> env) {
    Path m = module;
    if (m == null) {
      String fromEnv = env.get("CEREMONY_PKCS11_MODULE");
      m = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : HsmLocator.SOFTHSM_MODULE;
    }
    String args = initArgs;
    if (args == null) {
      String fromEnv = env.get("CEREMONY_PKCS11_INIT_ARGS");
      args = fromEnv != null && !fromEnv.isBlank() ? fromEnv : null;
    }
    return new HsmLocator(m, tokenSpec(), args);
  }

  /** What selects the token: the URI, the label/serial, or the default rig token. */
  public String tokenSpec() {
    if (token != null && tokenUri != null) {
      throw new IllegalArgumentException(
          "--token and --token-uri both given; use one of them to choose the token");
    }
    if (tokenUri != null) {
      if (!tokenUri.regionMatches(true, 0, "pkcs11:", 0, 7)) {
        throw new IllegalArgumentException(
            "--token-uri '"
                + tokenUri
                + "' is not a pkcs11: URI; example:"
                + " 'pkcs11:token=ceremony-dev'");
      }
      return tokenUri;
    }
    return token != null ? token : DEFAULT_TOKEN;
  }

  /** The PIN source after defaults. */
  public PinSource pinSource() {
    return pinSource(System.getenv());
  }

  PinSource pinSource(Map<String, String> env) {
    if (pin != null) {
      return PinSource.parse(pin);
    }
    String spec = tokenSpec();
    if (!spec.startsWith("serial:") && !spec.regionMatches(true, 0, "pkcs11:", 0, 7)) {
      String home = env.getOrDefault("CEREMONY_HOME", "");
      Path base = home.isBlank() ? Path.of("") : Path.of(home);
      Path file = base.resolve(".softhsm").resolve(spec + ".user.pin").toAbsolutePath();
      if (Files.isReadable(file)) {
        return PinSource.parse("file:" + file);
      }
    }
    return PinSource.prompt();
  }
}
