package dev.keyceremony.hsm.iaik;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.keyceremony.hsm.HsmException;

/**
 * {@code C_WrapKey} with a caller-sized output buffer, called through the module's own {@code
 * CK_FUNCTION_LIST} with JNA, on the session the IAIK wrapper opened.
 *
 * <p>Why: the IAIK JNI always asks the token for the output length first (pWrappedKey = NULL),
 * allocates exactly that and calls again. NSS 3.87's softoken answers the length query of
 * CKM_AES_KEY_WRAP_KWP (0x210B) with the <em>input</em> length (the key's length, not the RFC 5649
 * output length n+8 rounded up), so the second call fails with CKR_BUFFER_TOO_SMALL for every KWP
 * wrap. PKCS#11 lets a caller pass a buffer it sized itself; this class does that, in one call.
 *
 * <p>Same process, same module: {@link NativeLibrary#getInstance} dlopen()s the path the wrapper
 * already loaded, which yields the same library instance, so the session and object handles are the
 * wrapper's. Only mechanisms without parameters are supported (KWP needs none).
 */
final class CallerBufferWrap {
  /** 0-based position of C_WrapKey among the function pointers of CK_FUNCTION_LIST (v2.x). */
  static final int C_WRAP_KEY_INDEX = 60;

  /** 0-based position of C_GetFunctionList, used to check the table layout. */
  static final int C_GET_FUNCTION_LIST_INDEX = 3;

  /** Large enough for an RFC 5649 wrap of any PKCS#8 this tool makes (RSA-4096: about 2.4 KB). */
  static final int DEFAULT_CAPACITY = 16 * 1024;

  private static final long CKR_OK = 0;

  private CallerBufferWrap() {}

  /**
   * Wraps {@code key} under {@code wrappingKey} with a parameterless mechanism, giving the token a
   * buffer of {@code capacity} bytes.
   *
   * @return the wrapped bytes (the length the token reports)
   * @throws CkrFailure when the token returns a CKR other than CKR_OK
   * @throws HsmException DEVICE_ERROR when the module's function table cannot be reached
   */
  static byte[] wrapKey(
      String modulePath, long session, long mechanism, long wrappingKey, long key, int capacity) {
    Function wrap = function(modulePath, C_WRAP_KEY_INDEX);
    Memory mech = new Memory(NativeLong.SIZE + Native.POINTER_SIZE + NativeLong.SIZE);
    mech.setNativeLong(0, new NativeLong(mechanism));
    mech.setPointer(NativeLong.SIZE, Pointer.NULL);
    mech.setNativeLong(NativeLong.SIZE + Native.POINTER_SIZE, new NativeLong(0));
    Memory out = new Memory(capacity);
    out.clear();
    Memory len = new Memory(NativeLong.SIZE);
    len.setNativeLong(0, new NativeLong(capacity));
    NativeLong rv =
        (NativeLong)
            wrap.invoke(
                NativeLong.class,
                new Object[] {
                  new NativeLong(session),
                  mech,
                  new NativeLong(wrappingKey),
                  new NativeLong(key),
                  out,
                  len
                });
    if (rv.longValue() != CKR_OK) {
      throw new CkrFailure(rv.longValue());
    }
    long n = len.getNativeLong(0).longValue();
    if (n <= 0 || n > capacity) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          "C_WrapKey returned CKR_OK with a wrapped length of "
              + n
              + " bytes for a "
              + capacity
              + "-byte buffer");
    }
    byte[] result = out.getByteArray(0, (int) n);
    out.clear();
    return result;
  }

  /** A CKR code from the direct call. */
  static final class CkrFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long ckr;

    CkrFailure(long ckr) {
      super(name(ckr));
      this.ckr = ckr;
    }

    static String name(long ckr) {
      String n = org.xipki.pkcs11.wrapper.PKCS11Constants.ckrCodeToName(ckr);
      return n != null ? n : String.format("CKR 0x%x", ckr);
    }
  }

  private static Function function(String modulePath, int index) {
    if (Platform.isWindows()) {
      // Windows packs Cryptoki structures to 1 byte; the offsets below assume natural alignment.
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          "the caller-sized C_WrapKey path is implemented for Linux and macOS only");
    }
    NativeLibrary lib;
    try {
      lib = NativeLibrary.getInstance(modulePath);
    } catch (UnsatisfiedLinkError e) {
      throw new HsmException(
          HsmException.Reason.MODULE_NOT_LOADABLE,
          "cannot load " + modulePath + " for a direct C_WrapKey: " + e.getMessage(),
          e);
    }
    Function getList = lib.getFunction("C_GetFunctionList");
    PointerByReference ref = new PointerByReference();
    NativeLong rv = (NativeLong) getList.invoke(NativeLong.class, new Object[] {ref});
    if (rv.longValue() != CKR_OK || ref.getValue() == null) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          "C_GetFunctionList of " + modulePath + " returned " + CkrFailure.name(rv.longValue()));
    }
    Pointer table = ref.getValue();
    // CK_FUNCTION_LIST = { CK_VERSION version (2 bytes, padded to a pointer); pointers... }
    // Check the layout: the table's own C_GetFunctionList entry must hand back this table.
    Pointer self = table.getPointer((long) Native.POINTER_SIZE * (1 + C_GET_FUNCTION_LIST_INDEX));
    PointerByReference again = new PointerByReference();
    NativeLong rv2 =
        self == null
            ? null
            : (NativeLong)
                Function.getFunction(self).invoke(NativeLong.class, new Object[] {again});
    if (rv2 == null || rv2.longValue() != CKR_OK || !table.equals(again.getValue())) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          "the CK_FUNCTION_LIST of "
              + modulePath
              + " does not have the expected layout"
              + " (its C_GetFunctionList entry does not return the same table)");
    }
    Pointer fn = table.getPointer((long) Native.POINTER_SIZE * (1 + index));
    return Function.getFunction(fn);
  }
}
