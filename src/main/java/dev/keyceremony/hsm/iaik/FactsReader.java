package dev.keyceremony.hsm.iaik;

import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.TokenFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xipki.pkcs11.wrapper.MechanismInfo;
import org.xipki.pkcs11.wrapper.ModuleInfo;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;
import org.xipki.pkcs11.wrapper.Version;

/** Reads {@link TokenFacts}: library, token and mechanism list, all without logging in. */
final class FactsReader {
  private FactsReader() {}

  static TokenFacts read(PKCS11Module module, Token token, String path, String moduleSha256) {
    ModuleInfo mi;
    TokenInfo ti;
    try {
      mi = IaikHsm.moduleInfo(module);
    } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          "C_GetInfo on " + path + " failed: " + PKCS11Constants.ckrCodeToName(e.getErrorCode()),
          e);
    }
    try {
      ti = token.getTokenInfo();
    } catch (TokenException e) {
      throw Pkcs11Errors.device("C_GetTokenInfo", e);
    }
    List<TokenFacts.MechanismInfo> mechanisms = new ArrayList<>();
    long[] codes = token.getMechanismList();
    long[] sorted = codes == null ? new long[0] : codes.clone();
    Arrays.sort(sorted);
    for (long code : sorted) {
      MechanismInfo info = token.getMechanismInfo(code);
      List<String> flags = new ArrayList<>();
      long min = 0;
      long max = 0;
      if (info != null) {
        min = info.getMinKeySize();
        max = info.getMaxKeySize();
        long f = info.getFlags();
        for (int bit = 0; bit < 63; bit++) {
          long mask = 1L << bit;
          if ((f & mask) != 0) {
            String n = PKCS11Constants.codeToName(PKCS11Constants.Category.CKF_MECHANISM, mask);
            flags.add(n != null ? n : String.format("0x%x", mask));
          }
        }
      }
      mechanisms.add(new TokenFacts.MechanismInfo(Mechanisms.name(code), code, min, max, flags));
    }
    return new TokenFacts(
        path,
        moduleSha256,
        IaikHsm.trim(mi.getLibraryDescription()),
        IaikHsm.trim(mi.getManufacturerID()),
        version(mi.getLibraryVersion()),
        version(mi.getCryptokiVersion()),
        token.getTokenID(),
        IaikHsm.trim(ti.getLabel()),
        IaikHsm.trim(ti.getManufacturerID()),
        IaikHsm.trim(ti.getModel()),
        IaikHsm.trim(ti.getSerialNumber()),
        version(ti.getHardwareVersion()),
        version(ti.getFirmwareVersion()),
        mechanisms);
  }

  static String version(Version v) {
    return v == null ? "" : (v.getMajor() & 0xff) + "." + (v.getMinor() & 0xff);
  }
}
