package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CHECK_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKG_MGF1_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_CMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_ECB;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_RSA_PKCS_PSS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.KeyEvidence;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.TargetKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;

/**
 * In-token evidence. Every signature is verified in software with the public key read back from the
 * token before it is returned; the AES check value is compared with CKA_CHECK_VALUE when the token
 * keeps one.
 */
final class IaikEvidence implements KeyEvidence {
  private final SessionCore core;

  IaikEvidence(SessionCore core) {
    this.core = core;
  }

  @Override
  public byte[] aesEcbZeroBlock(TargetKey target) {
    requireSpec(target, KeySpec.SYMMETRIC_DEFAULT);
    synchronized (core) {
      long h = core.handle(CKO_SECRET_KEY, target.label(), target.idHex());
      byte[] out =
          call(
              "C_Encrypt CKM_AES_ECB (zero block)",
              () -> core.session.encryptSingle(new Mechanism(CKM_AES_ECB), h, new byte[16]));
      if (out.length != 16) {
        throw device("AES-ECB of one block returned " + out.length + " bytes");
      }
      byte[] kcv = core.attrs(h, CKA_CHECK_VALUE).checkValue();
      if (kcv != null && kcv.length > 0 && !Arrays.equals(kcv, Arrays.copyOf(out, kcv.length))) {
        throw device(
            "AES-ECB(0) "
                + HexFormat.of().formatHex(out)
                + " does not start with the token's CKA_CHECK_VALUE "
                + HexFormat.of().formatHex(kcv));
      }
      return out;
    }
  }

  @Override
  public byte[] aesCmacZeroBlock(TargetKey target) {
    requireSpec(target, KeySpec.SYMMETRIC_DEFAULT);
    synchronized (core) {
      long h = core.handle(CKO_SECRET_KEY, target.label(), target.idHex());
      // Never an empty message: C_Sign with pData=NULL returns CKR_ARGUMENTS_BAD on SoftHSM and
      // leaves the operation active, blocking the session.
      byte[] out =
          call(
              "C_Sign CKM_AES_CMAC (zero block)",
              () -> core.session.signSingle(new Mechanism(CKM_AES_CMAC), h, new byte[16]));
      if (out.length != 16) {
        throw device("AES-CMAC returned " + out.length + " bytes");
      }
      return out;
    }
  }

  @Override
  public byte[] hmac(TargetKey target, byte[] message) {
    if (target.keySpec().kind() != KeySpec.MaterialKind.HMAC) {
      throw new IllegalArgumentException(
          target.keySpec() + " key '" + target.label() + "' is not an HMAC key");
    }
    if (message == null || message.length == 0) {
      throw new IllegalArgumentException("the HMAC challenge must not be empty");
    }
    long mech = Mechanisms.hmac(target.keySpec());
    synchronized (core) {
      long h = core.handle(CKO_SECRET_KEY, target.label(), target.idHex());
      byte[] out =
          call(
              "C_Sign " + Mechanisms.name(mech),
              () -> core.session.signSingle(new Mechanism(mech), h, message.clone()));
      if (out.length != target.keySpec().bits() / 8) {
        throw device(Mechanisms.name(mech) + " returned " + out.length + " bytes");
      }
      return out;
    }
  }

  @Override
  public byte[] publicKeySpki(TargetKey target) {
    if (!target.keySpec().isKeyPair()) {
      throw new IllegalArgumentException(
          target.keySpec() + " key '" + target.label() + "' has no public key");
    }
    synchronized (core) {
      return core.publicKeySpki(core.handle(CKO_PUBLIC_KEY, target.label(), target.idHex()));
    }
  }

  @Override
  public byte[] sign(TargetKey target, byte[] message) {
    KeySpec spec = target.keySpec();
    if (!spec.isKeyPair()) {
      throw new IllegalArgumentException(spec + " key '" + target.label() + "' cannot sign");
    }
    synchronized (core) {
      long priv = core.handle(CKO_PRIVATE_KEY, target.label(), target.idHex());
      PublicKey pub = SessionCore.jcaPublicKey(publicKeySpki(target));
      if (spec.kind() == KeySpec.MaterialKind.RSA) {
        Mechanism pss =
            new Mechanism(
                CKM_SHA256_RSA_PKCS_PSS, new RSA_PKCS_PSS_PARAMS(CKM_SHA256, CKG_MGF1_SHA256, 32));
        byte[] sig =
            call(
                "C_Sign CKM_SHA256_RSA_PKCS_PSS",
                () -> core.session.signSingle(pss, priv, message.clone()));
        verify(
            "RSASSA-PSS",
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
            pub,
            message,
            sig);
        return sig;
      }
      EcCurve curve = EcCurve.of(spec);
      return ecdsa(priv, pub, curve.hash(), message);
    }
  }

  @Override
  public byte[] signWithSigner(SignerKey signer, byte[] data) {
    synchronized (core) {
      long priv = core.handle(CKO_PRIVATE_KEY, signer.label(), signer.idHex());
      PublicKey pub = SessionCore.jcaPublicKey(signerPublicKeySpki(signer));
      return ecdsa(priv, pub, "SHA-384", data);
    }
  }

  @Override
  public byte[] signerPublicKeySpki(SignerKey signer) {
    synchronized (core) {
      return core.publicKeySpki(core.handle(CKO_PUBLIC_KEY, signer.label(), signer.idHex()));
    }
  }

  /** Hash in Java, CKM_ECDSA over the digest (SoftHSM lists no CKM_ECDSA_SHAxxx), DER, verify. */
  private byte[] ecdsa(long priv, PublicKey pub, String hash, byte[] message) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance(hash).digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] raw =
        call(
            "C_Sign CKM_ECDSA",
            () -> core.session.signSingle(new Mechanism(CKM_ECDSA), priv, digest));
    byte[] der = Der.ecdsaRawToDer(raw);
    verify(hash.replace("-", "") + "withECDSA", null, pub, message, der);
    return der;
  }

  private static void verify(
      String alg, PSSParameterSpec params, PublicKey pub, byte[] message, byte[] sig) {
    boolean ok;
    try {
      Signature s =
          alg.endsWith("ECDSA")
              ? Signature.getInstance(alg, SessionCore.BC)
              : Signature.getInstance(alg);
      if (params != null) {
        s.setParameter(params);
      }
      s.initVerify(pub);
      s.update(message);
      ok = s.verify(sig);
    } catch (GeneralSecurityException e) {
      throw device(
          "the token's " + alg + " signature could not be verified in software: " + e.getMessage());
    }
    if (!ok) {
      throw device(
          "the token's "
              + alg
              + " signature does not verify with the public key read"
              + " back from the token");
    }
  }

  private static void requireSpec(TargetKey target, KeySpec spec) {
    if (target.keySpec() != spec) {
      throw new IllegalArgumentException(
          target.keySpec() + " key '" + target.label() + "' is not a " + spec + " key");
    }
  }

  private interface TokenCall {
    byte[] run() throws TokenException;
  }

  private byte[] call(String what, TokenCall c) {
    try {
      byte[] out = c.run();
      if (out == null) {
        throw device(what + " returned nothing");
      }
      return out;
    } catch (TokenException e) {
      throw Pkcs11Errors.device(what + " in token '" + core.facts.label() + "'", e);
    }
  }

  private static HsmException device(String message) {
    return new HsmException(HsmException.Reason.DEVICE_ERROR, message);
  }
}
