package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_WRAP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_KWP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_AES_KEY_WRAP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_OAEP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_BUFFER_TOO_SMALL;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.hsm.HsmException;
import java.util.Optional;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.params.RSA_AES_KEY_WRAP_PARAMS;

/**
 * Produces exactly the bytes KMS expects for each wrapping algorithm, inside the token. Used by
 * both {@code wrap} and the self-test, so that the self-test proves the code path that wraps.
 */
final class Wrapper {
  /** How RSA_AES_KEY_WRAP_* is done. */
  enum HybridMode {
    /** Native CKM_RSA_AES_KEY_WRAP when listed, otherwise composed. */
    AUTO,
    /** Only native CKM_RSA_AES_KEY_WRAP (MECHANISM_UNAVAILABLE when the token lacks it). */
    NATIVE_ONLY,
    /** Always composed from an ephemeral AES key, RFC 5649 and OAEP. */
    COMPOSED_ONLY
  }

  /** Appended to the mechanism description when the caller-sized C_WrapKey path was used. */
  static final String CALLER_BUFFER_NOTE =
      "the RFC 5649 C_WrapKey was called with a caller-sized output buffer because the token's"
          + " length query returns too small a size (CKR_BUFFER_TOO_SMALL otherwise)";

  /** The ciphertext and how it was made. */
  record Output(byte[] ciphertext, String mechanism, long kwpMechanism) {}

  private final SessionCore core;
  private HybridMode hybridMode = HybridMode.AUTO;

  Wrapper(SessionCore core) {
    this.core = core;
  }

  void hybridMode(HybridMode mode) {
    this.hybridMode = mode;
  }

  /** Null: decide by token (NSS's softoken under-reports KWP lengths); tests force either way. */
  private Boolean skipLengthQuery;

  void skipLengthQuery(Boolean skip) {
    this.skipLengthQuery = skip;
  }

  private boolean skipLengthQuery() {
    return skipLengthQuery != null ? skipLengthQuery : NssSoftoken.is(core.facts);
  }

  /** The mechanism description, or MECHANISM_UNAVAILABLE naming what is missing. */
  String plan(WrappingAlgorithm algorithm) {
    if (!core.supports(CKM_RSA_PKCS_OAEP, CKF_WRAP)) {
      throw unavailable(
          "CKM_RSA_PKCS_OAEP is not listed with CKF_WRAP by token '"
              + core.facts.label()
              + "'; "
              + algorithm
              + " needs it");
    }
    if (!algorithm.isHybrid()) {
      return Mechanisms.describeOaep(algorithm.oaepHash());
    }
    if (useNative()) {
      return "CKM_RSA_AES_KEY_WRAP aesKeyBits=256 oaep=("
          + Mechanisms.describeOaep(algorithm.oaepHash())
          + ")";
    }
    long kwp = kwpMechanism(algorithm);
    return "composed: ephemeral AES-256 session key (CKM_AES_KEY_GEN) wrapped with "
        + Mechanisms.describeOaep(algorithm.oaepHash())
        + ", then the target wrapped with "
        + Mechanisms.name(kwp)
        + " (RFC 5649) under it; output = OAEP part || KWP part";
  }

  /**
   * Why a CKA_WRAP_WITH_TRUSTED target cannot be wrapped with {@code algorithm} here, or empty. The
   * composed RSA_AES path wraps the target under an ephemeral in-token AES key; that key cannot be
   * CKA_TRUSTED (only the SO sets it, only at creation), so C_WrapKey of the target under it fails
   * with CKR_KEY_NOT_WRAPPABLE. Direct OAEP and native CKM_RSA_AES_KEY_WRAP wrap under the trusted
   * RSA key itself and are fine.
   */
  Optional<String> trustedObstacle(KeySpec spec, WrappingAlgorithm algorithm) {
    if (!algorithm.isHybrid()) {
      return Optional.empty();
    }
    boolean nativeUsable;
    try {
      nativeUsable = useNative();
    } catch (HsmException e) {
      nativeUsable = false;
    }
    if (nativeUsable) {
      return Optional.empty();
    }
    return Optional.of(
        algorithm
            + " of "
            + spec
            + " material in trusted mode needs"
            + " CKM_RSA_AES_KEY_WRAP (0x1054), which token '"
            + core.facts.label()
            + "' does not"
            + " list with CKF_WRAP; the composed wrap would put the wrap-with-trusted material under"
            + " an ephemeral AES key, which cannot be CKA_TRUSTED (only the Security Officer sets it,"
            + " only at creation), so C_WrapKey would fail with CKR_KEY_NOT_WRAPPABLE");
  }

  private boolean useNative() {
    boolean listed = core.supports(CKM_RSA_AES_KEY_WRAP, CKF_WRAP);
    switch (hybridMode) {
      case NATIVE_ONLY:
        if (!listed) {
          throw unavailable(
              "CKM_RSA_AES_KEY_WRAP (0x1054) is not listed with CKF_WRAP by token '"
                  + core.facts.label()
                  + "', and only the native mechanism was allowed");
        }
        return true;
      case COMPOSED_ONLY:
        return false;
      case AUTO:
      default:
        return listed;
    }
  }

  private long kwpMechanism(WrappingAlgorithm algorithm) {
    return Mechanisms.chooseKwp(core.wrapCapable())
        .orElseThrow(
            () ->
                unavailable(
                    algorithm
                        + " needs CKM_RSA_AES_KEY_WRAP (0x1054) or an RFC 5649 key wrap"
                        + " (CKM_AES_KEY_WRAP_KWP 0x210b or CKM_AES_KEY_WRAP_PAD 0x210a) with"
                        + " CKF_WRAP; token '"
                        + core.facts.label()
                        + "' lists none of them"));
  }

  Output wrap(long targetHandle, long wrappingKeyHandle, WrappingAlgorithm algorithm) {
    String description = plan(algorithm);
    if (!algorithm.isHybrid()) {
      return new Output(
          call(
              "C_WrapKey " + description,
              Mechanisms.oaep(algorithm.oaepHash()),
              wrappingKeyHandle,
              targetHandle),
          description,
          0);
    }
    if (useNative()) {
      Mechanism m =
          new Mechanism(
              CKM_RSA_AES_KEY_WRAP,
              new RSA_AES_KEY_WRAP_PARAMS(256, Mechanisms.oaepParams(algorithm.oaepHash())));
      return new Output(
          call("C_WrapKey " + description, m, wrappingKeyHandle, targetHandle), description, 0);
    }
    long kwp = kwpMechanism(algorithm);
    long ephemeral;
    try {
      ephemeral =
          core.session.generateKey(
              new Mechanism(CKM_AES_KEY_GEN), KeyTemplates.sessionAes(true, false));
    } catch (TokenException e) {
      throw new StepFailure("C_GenerateKey of the ephemeral AES-256 key", e);
    }
    try {
      byte[] oaepPart =
          call(
              "C_WrapKey of the ephemeral AES key with "
                  + Mechanisms.describeOaep(algorithm.oaepHash()),
              Mechanisms.oaep(algorithm.oaepHash()),
              wrappingKeyHandle,
              ephemeral);
      String step =
          "C_WrapKey of the target with " + Mechanisms.name(kwp) + " under the ephemeral AES key";
      byte[] kwpPart;
      String how = description;
      try {
        if (kwp == CKM_AES_KEY_WRAP_KWP && skipLengthQuery()) {
          // Known to under-report (NSS 3.87): skip the query-allocate-call that must fail, which
          // would make NSS encode the key twice more (costly for RSA private keys).
          kwpPart = callerSized(step, kwp, ephemeral, targetHandle);
          how = description + "; " + CALLER_BUFFER_NOTE;
        } else {
          kwpPart = core.session.wrapKey(new Mechanism(kwp), ephemeral, targetHandle);
        }
      } catch (TokenException e) {
        if (!Pkcs11Errors.is(e, CKR_BUFFER_TOO_SMALL)) {
          throw new StepFailure(step, e);
        }
        // The token under-reported the output length (NSS 3.87 KWP answers the length query
        // with the input length): call once more with a buffer sized by us.
        kwpPart = callerSized(step, kwp, ephemeral, targetHandle);
        how = description + "; " + CALLER_BUFFER_NOTE;
      }
      if (kwpPart == null || kwpPart.length == 0) {
        throw new HsmException(
            HsmException.Reason.DEVICE_ERROR, step + ": the token returned no bytes");
      }
      byte[] out = new byte[oaepPart.length + kwpPart.length];
      System.arraycopy(oaepPart, 0, out, 0, oaepPart.length);
      System.arraycopy(kwpPart, 0, out, oaepPart.length, kwpPart.length);
      return new Output(out, how, kwp);
    } finally {
      try {
        core.session.destroyObject(ephemeral);
      } catch (TokenException ignored) {
        // A session object: it disappears with the session at the latest.
      }
    }
  }

  /**
   * C_WrapKey through the module's function list with a buffer we size, for tokens whose length
   * query under-reports (see {@link CallerBufferWrap}).
   */
  private byte[] callerSized(String step, long mechanism, long wrappingKey, long key) {
    try {
      return CallerBufferWrap.wrapKey(
          core.facts.modulePath(),
          core.session.getSessionHandle(),
          mechanism,
          wrappingKey,
          key,
          CallerBufferWrap.DEFAULT_CAPACITY);
    } catch (CallerBufferWrap.CkrFailure f) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          step
              + ": the token's length"
              + " query gave too small a size (CKR_BUFFER_TOO_SMALL) and the call with a "
              + CallerBufferWrap.DEFAULT_CAPACITY
              + "-byte buffer returned "
              + f.getMessage());
    }
  }

  private byte[] call(String step, Mechanism m, long wrappingKey, long key) {
    try {
      byte[] out = core.session.wrapKey(m, wrappingKey, key);
      if (out == null || out.length == 0) {
        throw new HsmException(
            HsmException.Reason.DEVICE_ERROR, step + ": the token returned no bytes");
      }
      return out;
    } catch (TokenException e) {
      throw new StepFailure(step, e);
    }
  }

  private static HsmException unavailable(String message) {
    return new HsmException(HsmException.Reason.MECHANISM_UNAVAILABLE, message);
  }
}
