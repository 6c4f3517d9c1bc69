package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_ECB;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.SelfTestReport;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * Proves, per KMS wrapping algorithm, that the token's output decrypts in software with exactly the
 * requested parameters: a throwaway session AES-256 key is wrapped under a software RSA key of the
 * wrapping key size, recovered in software, and its AES-ECB(zero block) compared with the token's.
 * A token that answers but with other parameters (say OAEP-SHA1 for SHA-256) fails.
 */
final class MechanismSelfTest {
  private final SessionCore core;
  private final Wrapper wrapper;

  MechanismSelfTest(SessionCore core, Wrapper wrapper) {
    this.core = core;
    this.wrapper = wrapper;
  }

  SelfTestReport run(WrappingKeySpec spec) {
    KeyPair rsa = SoftwareUnwrap.rsaKeyPair(spec.bits());
    List<SelfTestReport.Result> results = new ArrayList<>();
    for (WrappingAlgorithm a : WrappingAlgorithm.values()) {
      results.add(runOne(spec, rsa, a));
    }
    return new SelfTestReport(spec, results);
  }

  private SelfTestReport.Result runOne(WrappingKeySpec spec, KeyPair rsa, WrappingAlgorithm a) {
    String mechanism;
    try {
      mechanism = wrapper.plan(a);
    } catch (HsmException e) {
      return new SelfTestReport.Result(a, false, "-", e.getMessage());
    }
    long pub;
    long aes;
    try {
      pub =
          core.session.createObject(
              KeyTemplates.wrappingPublicKey(
                  (RSAPublicKey) rsa.getPublic(), "ceremony-self-test", false));
    } catch (TokenException e) {
      return fail(
          a,
          mechanism,
          "C_CreateObject of the test RSA-"
              + spec.bits()
              + " public key: token returned "
              + Pkcs11Errors.name(e));
    }
    try {
      aes =
          core.session.generateKey(
              new Mechanism(CKM_AES_KEY_GEN), KeyTemplates.sessionAes(false, true));
    } catch (TokenException e) {
      destroy(pub);
      return fail(
          a,
          mechanism,
          "C_GenerateKey of the throwaway AES-256 key: token returned " + Pkcs11Errors.name(e));
    }
    try {
      byte[] blob;
      try {
        Wrapper.Output out = wrapper.wrap(aes, pub, a);
        blob = out.ciphertext();
        mechanism = out.mechanism();
      } catch (StepFailure f) {
        return fail(a, mechanism, f.getMessage());
      } catch (HsmException e) {
        return fail(a, mechanism, e.getMessage());
      }
      byte[] recovered;
      try {
        recovered = SoftwareUnwrap.unwrap(rsa.getPrivate(), spec.modulusBytes(), a, blob);
      } catch (SoftwareUnwrap.Failure f) {
        return fail(a, mechanism, f.getMessage());
      }
      byte[] tokenKcv;
      try {
        tokenKcv = core.session.encryptSingle(new Mechanism(CKM_AES_ECB), aes, new byte[16]);
      } catch (TokenException e) {
        return fail(
            a,
            mechanism,
            "C_Encrypt CKM_AES_ECB for the check value: token returned " + Pkcs11Errors.name(e));
      }
      if (recovered.length != 32) {
        return fail(
            a,
            mechanism,
            "recovered " + recovered.length + " bytes instead of the 32-byte AES key");
      }
      byte[] softwareKcv = SoftwareUnwrap.aesEcbZeroBlock(recovered);
      Arrays.fill(recovered, (byte) 0);
      if (!Arrays.equals(tokenKcv, softwareKcv)) {
        return fail(
            a,
            mechanism,
            "the recovered key's AES-ECB(0) "
                + HexFormat.of().formatHex(softwareKcv)
                + " differs from the token's "
                + HexFormat.of().formatHex(tokenKcv));
      }
      return new SelfTestReport.Result(
          a,
          true,
          mechanism,
          "wrapped a throwaway AES-256 key under a software RSA-"
              + spec.bits()
              + " key; decrypted in software; AES-ECB(0) check value matches the token's");
    } finally {
      destroy(aes);
      destroy(pub);
    }
  }

  private void destroy(long handle) {
    try {
      core.session.destroyObject(handle);
    } catch (TokenException ignored) {
      // session object: gone with the session at the latest
    }
  }

  private static SelfTestReport.Result fail(WrappingAlgorithm a, String mechanism, String why) {
    return new SelfTestReport.Result(a, false, mechanism, why);
  }
}
