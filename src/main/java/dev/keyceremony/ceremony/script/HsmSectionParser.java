package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.PinSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code hsm} section: the PKCS#11 module, the token, the module's C_Initialize parameters and
 * the PIN sources; relative paths resolve against the script's directory.
 */
final class HsmSectionParser {
  static final List<String> KEYS = List.of("module", "token", "init-args", "user-pin", "so-pin");

  private HsmSectionParser() {}

  static HsmSection parse(Fields f, Path base) {
    String module =
        f.text(
            "module",
            true,
            "the PKCS#11 module (.so) path, e.g. " + "/usr/lib/softhsm/libsofthsm2.so");
    Path modulePath = null;
    if (module != null) {
      modulePath = base.resolve(module).normalize();
      if (!Files.isRegularFile(modulePath)) {
        f.problem(
            "module",
            "'"
                + module
                + "' does not exist (resolved to "
                + modulePath
                + "); give the path of the vendor's PKCS#11 library");
        modulePath = null;
      }
    }
    String token = f.text("token", true, "a token label, serial:SERIAL or a pkcs11: URI");
    if (token != null
        && !token.startsWith("serial:")
        && !token.startsWith("pkcs11:")
        && token.getBytes(StandardCharsets.UTF_8).length > 32) {
      f.problem(
          "token",
          "'"
              + token
              + "' is longer than 32 bytes, the longest PKCS#11 token label;"
              + " use serial:SERIAL or a pkcs11: URI");
      token = null;
    }
    String initArgs =
        f.text(
            "init-args",
            false,
            "the module's C_Initialize parameters, e.g. for"
                + " NSS: \"configdir='sql:.nss/db' certPrefix='' keyPrefix='' secmod='secmod.db' flags=\"");
    if (initArgs != null) {
      initArgs = resolveNssConfigDir(initArgs, base);
    }
    PinSource user = pin(f, "user-pin", true, base);
    PinSource so = pin(f, "so-pin", false, base);
    if (modulePath == null || token == null || user == null) {
      return null;
    }
    return new HsmSection(modulePath, token, user, so, initArgs);
  }

  /**
   * NSS's {@code configdir='sql:DIR'} (or {@code configdir='DIR'}) with a relative DIR is resolved
   * against the script's directory, as {@code module} and file: PIN sources are; everything else in
   * the string is passed on unchanged.
   */
  static String resolveNssConfigDir(String initArgs, Path base) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("configdir='(sql:|dbm:)?([^']*)'").matcher(initArgs);
    if (!m.find() || m.group(2).isEmpty() || Path.of(m.group(2)).isAbsolute()) {
      return initArgs;
    }
    String prefix = m.group(1) == null ? "" : m.group(1);
    String dir = base.resolve(m.group(2)).normalize().toString();
    return initArgs.substring(0, m.start())
        + "configdir='"
        + prefix
        + dir
        + "'"
        + initArgs.substring(m.end());
  }

  private static PinSource pin(Fields f, String key, boolean required, Path base) {
    String spec =
        f.text(
            key,
            required,
            "where the PIN comes from: prompt, env:NAME, file:PATH or"
                + " shares:M (never the PIN itself)");
    if (spec == null) {
      return null;
    }
    try {
      return PinSource.parse(spec).resolvedAgainst(base);
    } catch (IllegalArgumentException e) {
      // PinSource's message never echoes the value: it may be a PIN typed in the wrong place.
      f.problem(key, e.getMessage());
      return null;
    }
  }
}
