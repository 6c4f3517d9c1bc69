package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_GENERIC_SECRET_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.WrapProof;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * The trial wrap of one kind of material: a throwaway SESSION object of the target's spec (AES-256,
 * generic secret, or an RSA/EC key pair; never a token object) is wrapped with exactly the code
 * path of the real wrap under a software RSA key, recovered in software and compared with what the
 * token says about it (AES-ECB check value, HMAC over a challenge, public key). The self-test with
 * an AES key alone does not show that a token can wrap a private key.
 */
final class MaterialWrapProof {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LABEL = "ceremony-wrap-proof";

  private final SessionCore core;
  private final Wrapper wrapper;

  MaterialWrapProof(SessionCore core, Wrapper wrapper) {
    this.core = core;
    this.wrapper = wrapper;
  }

  WrapProof run(KeySpec spec, WrappingAlgorithm a, WrappingKeySpec wks) {
    String mechanism;
    try {
      mechanism = wrapper.plan(a);
    } catch (HsmException e) {
      return new WrapProof(spec, a, wks, false, "-", e.getMessage());
    }
    KeyPair rsa = SoftwareUnwrap.rsaKeyPair(wks.bits());
    List<Long> handles = new ArrayList<>();
    try {
      long pub;
      try {
        pub =
            core.session.createObject(
                KeyTemplates.wrappingPublicKey((RSAPublicKey) rsa.getPublic(), LABEL, false));
        handles.add(pub);
      } catch (TokenException e) {
        return fail(
            spec,
            a,
            wks,
            mechanism,
            "C_CreateObject of the test RSA-"
                + wks.bits()
                + " public key: token returned "
                + Pkcs11Errors.name(e));
      }
      long[] material;
      try {
        material = generate(spec);
      } catch (TokenException e) {
        return fail(
            spec,
            a,
            wks,
            mechanism,
            "generating a throwaway "
                + spec
                + " session object: token returned "
                + Pkcs11Errors.name(e));
      }
      for (long h : material) {
        handles.add(h);
      }
      byte[] blob;
      try {
        blob = wrapper.wrap(material[0], pub, a).ciphertext();
      } catch (StepFailure f) {
        return fail(
            spec,
            a,
            wks,
            mechanism,
            "the token cannot wrap " + spec + " material with " + a + ": " + f.getMessage());
      }
      byte[] recovered;
      try {
        recovered = SoftwareUnwrap.unwrap(rsa.getPrivate(), wks.modulusBytes(), a, blob);
      } catch (SoftwareUnwrap.Failure f) {
        return fail(spec, a, wks, mechanism, f.getMessage());
      }
      try {
        String why = MaterialCheck.compare(core, spec, material, recovered);
        if (why != null) {
          return fail(spec, a, wks, mechanism, why);
        }
      } finally {
        Arrays.fill(recovered, (byte) 0);
      }
      return new WrapProof(
          spec,
          a,
          wks,
          true,
          mechanism,
          "wrapped a throwaway "
              + spec
              + " session object under a software RSA-"
              + wks.bits()
              + " key; recovered in"
              + " software; "
              + MaterialCheck.what(spec)
              + " matches the token's");
    } catch (TokenException e) {
      return fail(
          spec,
          a,
          wks,
          mechanism,
          "reading the throwaway object's check value: token"
              + " returned "
              + Pkcs11Errors.name(e));
    } finally {
      for (long h : handles) {
        destroy(h);
      }
    }
  }

  /** The throwaway object: {handle to wrap, public key handle for key pairs}. */
  private long[] generate(KeySpec spec) throws TokenException {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    switch (spec.kind()) {
      case SYMMETRIC:
        return new long[] {
          core.session.generateKey(
              new Mechanism(CKM_AES_KEY_GEN), KeyTemplates.aes256(LABEL, id, false).token(false))
        };
      case HMAC:
        return new long[] {
          core.session.generateKey(
              new Mechanism(CKM_GENERIC_SECRET_KEY_GEN),
              KeyTemplates.hmac(spec, LABEL, id, false).token(false))
        };
      case RSA:
        return pair(CKM_RSA_PKCS_KEY_PAIR_GEN, KeyTemplates.rsa(spec.bits(), LABEL, id, false));
      case EC:
      default:
        return pair(CKM_EC_KEY_PAIR_GEN, KeyTemplates.ec(EcCurve.of(spec), LABEL, id, false));
    }
  }

  private long[] pair(long mechanism, KeyPairTemplate t) throws TokenException {
    // The target templates are token objects; the trial object must vanish with the session.
    t.token(false);
    PKCS11KeyPair kp = core.session.generateKeyPair(new Mechanism(mechanism), t);
    return new long[] {kp.getPrivateKey(), kp.getPublicKey()};
  }

  private void destroy(long handle) {
    try {
      core.session.destroyObject(handle);
    } catch (TokenException ignored) {
      // session object: gone with the session at the latest
    }
  }

  private static WrapProof fail(
      KeySpec spec, WrappingAlgorithm a, WrappingKeySpec wks, String mechanism, String why) {
    return new WrapProof(spec, a, wks, false, mechanism, why);
  }
}
