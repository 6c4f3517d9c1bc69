package dev.keyceremony.hsm.iaik;

import dev.keyceremony.core.PinSource;
import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.HsmLocator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two real test tokens the rig sets up (softhsm-config/ensure-softhsm.sh, which also runs
 * ensure-nss.sh): a SoftHSM2 2.6.1 token and NSS's softoken "NSS Certificate DB" in .nss/db. The
 * end-to-end ITs run once per token.
 */
public enum ItToken {
  SOFTHSM2,
  NSS;

  /** NSS's software token on Debian (libnss3), where ensure-nss.sh looks for it. */
  public static final Path NSS_MODULE =
      java.util.stream.Stream.of(
              "/usr/lib/x86_64-linux-gnu/libsoftokn3.so",
                  "/usr/lib/aarch64-linux-gnu/libsoftokn3.so",
              "/usr/lib64/libsoftokn3.so", "/usr/lib/libsoftokn3.so")
          .map(Path::of)
          .filter(Files::isRegularFile)
          .findFirst()
          .orElse(Path.of("/usr/lib/x86_64-linux-gnu/libsoftokn3.so"));

  /** The label of the NSS token that keeps objects (slot 2 of the softoken). */
  public static final String NSS_TOKEN = "NSS Certificate DB";

  public static Path projectDir() {
    return Path.of(System.getProperty("ceremony.projectDir", ".")).toAbsolutePath();
  }

  public Path module() {
    return this == NSS ? NSS_MODULE : HsmLocator.SOFTHSM_MODULE;
  }

  /** The token label. */
  public String token() {
    return this == NSS ? NSS_TOKEN : System.getProperty("ceremony.it.token", "ceremony-it");
  }

  /** The C_Initialize parameters, or null. */
  public String initArgs() {
    if (this != NSS) {
      return null;
    }
    return "configdir='sql:"
        + projectDir().resolve(".nss/db")
        + "' certPrefix='' keyPrefix=''"
        + " secmod='secmod.db' flags=";
  }

  public HsmLocator locator() {
    return new HsmLocator(module(), token(), initArgs());
  }

  public Path userPinFile() {
    return this == NSS
        ? projectDir().resolve(".nss/nss.user.pin")
        : projectDir().resolve(".softhsm/" + token() + ".user.pin");
  }

  public PinSource userPinSource() {
    return PinSource.parse("file:" + userPinFile());
  }

  public Secret userPin() {
    return userPinSource().read("unused");
  }

  /** The hsm: section of a ceremony script for this token (two-space indented lines). */
  public String scriptSection() {
    String s = "hsm:\n  module: " + module() + "\n  token: " + token() + "\n";
    if (initArgs() != null) {
      s += "  init-args: \"" + initArgs() + "\"\n";
    }
    return s + "  user-pin: file:" + userPinFile();
  }
}
