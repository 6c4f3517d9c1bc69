package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_ECB;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_KWP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_BUFFER_TOO_SMALL;

import dev.keyceremony.core.Secret;
import dev.keyceremony.hsm.TokenFacts;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/**
 * NSS 3.87's softoken through the real adapter: init-args in pReserved, the "NSS Certificate DB"
 * token, login, and its RFC 5649 (0x210B) length-query bug with the caller-sized-buffer fix. The
 * KEK is a non-sensitive, extractable session AES key so that software can unwrap and compare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NssKwpIT {
  private IaikHsm hsm;
  private IaikSession session;
  private long kek;
  private byte[] kekValue;
  private long target;

  @BeforeAll
  void open() throws Exception {
    hsm = IaikHsm.open(ItToken.NSS.locator());
    try (Secret pin = ItToken.NSS.userPin()) {
      session = (IaikSession) hsm.login(pin);
    }
    kek =
        session
            .core()
            .session
            .generateKey(
                new Mechanism(CKM_AES_KEY_GEN),
                new AttributeVector()
                    .class_(org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY)
                    .keyType(org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_AES)
                    .valueLen(32)
                    .token(false)
                    .sensitive(false)
                    .extractable(true)
                    .wrap(true));
    kekValue =
        session
            .core()
            .session
            .getAttrValues(kek, org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE)
            .value();
    target =
        session
            .core()
            .session
            .generateKey(new Mechanism(CKM_AES_KEY_GEN), KeyTemplates.sessionAes(false, true));
  }

  @AfterAll
  void close() {
    if (hsm != null) {
      hsm.close();
    }
  }

  @Test
  void opensTheNssCertificateDbTokenWithInitArgs() {
    TokenFacts f = hsm.facts();
    assertThat(f.label()).isEqualTo("NSS Certificate DB");
    assertThat(f.libraryManufacturer()).contains("Mozilla");
    assertThat(f.mechanisms())
        .extracting(TokenFacts.MechanismInfo::code)
        .contains(CKM_AES_KEY_WRAP_KWP, CKM_AES_KEY_WRAP_PAD);
  }

  @Test
  void openingTheSameModuleWithOtherInitArgs_isRefusedWhileItIsOpen() {
    dev.keyceremony.hsm.HsmLocator other =
        new dev.keyceremony.hsm.HsmLocator(
            ItToken.NSS_MODULE, ItToken.NSS_TOKEN, "configdir='sql:/elsewhere' flags=readOnly");
    assertThatThrownBy(() -> IaikHsm.open(other))
        .isInstanceOf(dev.keyceremony.hsm.HsmException.class)
        .hasMessageContaining("already open in this process with init-args")
        .hasMessageContaining("/elsewhere");
  }

  @Test
  void kwpThroughTheWrappersLengthQuery_failsWithBufferTooSmall() {
    // The bug: the wrapper asks for the length, NSS answers with the input length (32), and the
    // real call with a 32-byte buffer for a 40-byte result fails.
    assertThatThrownBy(
            () -> session.core().session.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_KWP), kek, target))
        .isInstanceOfSatisfying(
            PKCS11Exception.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(CKR_BUFFER_TOO_SMALL));
  }

  @Test
  void kwpWithACallerSizedBuffer_isExactRfc5649() throws Exception {
    byte[] wrapped =
        CallerBufferWrap.wrapKey(
            hsm.facts().modulePath(),
            session.core().session.getSessionHandle(),
            CKM_AES_KEY_WRAP_KWP,
            kek,
            target,
            CallerBufferWrap.DEFAULT_CAPACITY);
    assertThat(wrapped).hasSize(40);
    byte[] recovered = rfc5649Unwrap(kekValue, wrapped);
    assertThat(recovered).hasSize(32);
    byte[] tokenKcv =
        session.core().session.encryptSingle(new Mechanism(CKM_AES_ECB), target, new byte[16]);
    assertThat(SoftwareUnwrap.aesEcbZeroBlock(recovered)).isEqualTo(tokenKcv);
  }

  /**
   * Both call paths of the composed RSA_AES wrap on NSS: the default (straight to the caller-sized
   * buffer, as NSS is known to under-report) and the generic one any token gets (the wrapper's
   * query-allocate-call, CKR_BUFFER_TOO_SMALL, then the caller-sized buffer). Each must decrypt in
   * software to the token's key.
   */
  @Test
  void composedRsaAesWrap_bothCallPaths_decryptToTheTokensKey() throws Exception {
    java.security.KeyPair rsa = SoftwareUnwrap.rsaKeyPair(2048);
    long pub =
        session
            .core()
            .session
            .createObject(
                KeyTemplates.wrappingPublicKey(
                    (java.security.interfaces.RSAPublicKey) rsa.getPublic(), "nss-kwp-it", false));
    byte[] tokenKcv =
        session.core().session.encryptSingle(new Mechanism(CKM_AES_ECB), target, new byte[16]);
    try {
      for (Boolean skip : new Boolean[] {null, Boolean.FALSE}) {
        Wrapper w = new Wrapper(session.core());
        w.skipLengthQuery(skip);
        Wrapper.Output out =
            w.wrap(target, pub, dev.keyceremony.core.WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256);
        assertThat(out.kwpMechanism()).isEqualTo(CKM_AES_KEY_WRAP_KWP);
        assertThat(out.mechanism()).contains(Wrapper.CALLER_BUFFER_NOTE);
        byte[] key =
            SoftwareUnwrap.unwrap(
                rsa.getPrivate(),
                256,
                dev.keyceremony.core.WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256,
                out.ciphertext());
        assertThat(SoftwareUnwrap.aesEcbZeroBlock(key)).as("skip=" + skip).isEqualTo(tokenKcv);
      }
    } finally {
      session.core().session.destroyObject(pub);
    }
  }

  @Test
  void callerSizedBufferTooSmall_reportsTheTokensCkr() {
    assertThatThrownBy(
            () ->
                CallerBufferWrap.wrapKey(
                    hsm.facts().modulePath(),
                    session.core().session.getSessionHandle(),
                    CKM_AES_KEY_WRAP_KWP,
                    kek,
                    target,
                    39))
        .isInstanceOfSatisfying(
            CallerBufferWrap.CkrFailure.class,
            e -> assertThat(e.ckr).isEqualTo(CKR_BUFFER_TOO_SMALL));
  }

  @Test
  void nss0x210a_isNotRfc5649() throws Exception {
    // 0x210A on NSS is RFC 3394 with PKCS#7 padding: 32 bytes -> 48, and RFC 5649 rejects it.
    byte[] wrapped =
        session.core().session.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD), kek, target);
    assertThat(wrapped).hasSize(48);
    assertThatThrownBy(() -> rfc5649Unwrap(kekValue, wrapped))
        .isInstanceOf(InvalidCipherTextException.class);
  }

  static byte[] rfc5649Unwrap(byte[] kek, byte[] wrapped) throws InvalidCipherTextException {
    RFC5649WrapEngine e = new RFC5649WrapEngine(AESEngine.newInstance());
    e.init(false, new KeyParameter(Arrays.copyOf(kek, kek.length)));
    return e.unwrap(wrapped, 0, wrapped.length);
  }
}
