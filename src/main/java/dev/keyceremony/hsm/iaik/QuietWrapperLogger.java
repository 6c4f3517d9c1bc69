package dev.keyceremony.hsm.iaik;

import org.xipki.pkcs11.wrapper.Logger;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * The xipki wrapper logs its banner and every C_* call at INFO to stdout unless told otherwise;
 * that would mix with command output, and its DEBUG output may show attribute values. Only warnings
 * and errors are kept, on stderr.
 */
final class QuietWrapperLogger implements Logger {
  private static boolean installed;

  private QuietWrapperLogger() {}

  static synchronized void install() {
    if (!installed) {
      StaticLogger.setLogger(new QuietWrapperLogger());
      installed = true;
    }
  }

  @Override
  public void info(String format, Object... arguments) {}

  @Override
  public void warn(String format, Object... arguments) {
    if (format != null && format.contains("invalid utcTime")) {
      // NSS's softoken reports an all-zero CK_TOKEN_INFO.utcTime; the wrapper then uses the
      // system time, which is what this tool does anyway. Not worth a line on every command.
      return;
    }
    System.err.println("pkcs11 wrapper warning: " + format(format, arguments));
  }

  @Override
  public void error(String format, Object... arguments) {
    System.err.println("pkcs11 wrapper error: " + format(format, arguments));
  }

  @Override
  public void debug(String format, Object... arguments) {}

  @Override
  public void trace(String format, Object... arguments) {}

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public boolean isInfoEnabled() {
    return false;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  /** SLF4J-style "{}" placeholders. */
  static String format(String format, Object... arguments) {
    StringBuilder b = new StringBuilder();
    int from = 0;
    int arg = 0;
    int at;
    while (arguments != null && arg < arguments.length && (at = format.indexOf("{}", from)) >= 0) {
      b.append(format, from, at).append(arguments[arg++]);
      from = at + 2;
    }
    return b.append(format.substring(from)).toString();
  }
}
