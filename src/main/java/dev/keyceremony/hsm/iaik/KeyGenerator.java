package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE_LEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_GENERIC_SECRET_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.TokenException;

/** Generates and finds target keys and transcript signer keys (persistent token objects). */
final class KeyGenerator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionCore core;

  KeyGenerator(SessionCore core) {
    this.core = core;
  }

  IaikTargetKey generate(GenerateRequest request) {
    String label = request.label();
    refuseExistingLabel(label);
    byte[] id = newId();
    KeySpec spec = request.keySpec();
    boolean wwt = request.wrapWithTrusted();
    try {
      switch (spec.kind()) {
        case SYMMETRIC:
          core.session.generateKey(
              new Mechanism(CKM_AES_KEY_GEN), KeyTemplates.aes256(label, id, wwt));
          break;
        case HMAC:
          core.session.generateKey(
              new Mechanism(CKM_GENERIC_SECRET_KEY_GEN), KeyTemplates.hmac(spec, label, id, wwt));
          break;
        case RSA:
          core.session.generateKeyPair(
              new Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN),
              KeyTemplates.rsa(spec.bits(), label, id, wwt));
          break;
        case EC:
        default:
          core.session.generateKeyPair(
              new Mechanism(CKM_EC_KEY_PAIR_GEN),
              KeyTemplates.ec(EcCurve.of(spec), label, id, wwt));
          break;
      }
    } catch (TokenException e) {
      throw Pkcs11Errors.device(
          "generating " + spec + " key '" + label + "' in token '" + core.facts.label() + "'", e);
    }
    IaikTargetKey key = new IaikTargetKey(label, HexFormat.of().formatHex(id), spec);
    // Read back: the object must exist and be what was asked for.
    findTarget(label, spec)
        .filter(k -> k.idHex().equals(key.idHex()))
        .orElseThrow(
            () ->
                new HsmException(
                    HsmException.Reason.DEVICE_ERROR,
                    "the token reported success generating '"
                        + label
                        + "' but the key is not"
                        + " found afterwards"));
    return key;
  }

  IaikSignerKey createSigner(String label) {
    if (label == null || label.isBlank() || label.length() > 128) {
      throw new IllegalArgumentException(
          "signer label '" + label + "' must be 1 to 128 characters and not blank");
    }
    refuseExistingLabel(label);
    byte[] id = newId();
    try {
      KeyPairTemplate t = KeyTemplates.signer(label, id);
      core.session.generateKeyPair(new Mechanism(CKM_EC_KEY_PAIR_GEN), t);
    } catch (TokenException e) {
      throw Pkcs11Errors.device("generating EC P-384 signer key '" + label + "'", e);
    }
    return findSigner(label)
        .orElseThrow(
            () ->
                new HsmException(
                    HsmException.Reason.DEVICE_ERROR,
                    "signer key '" + label + "' not found after generation"));
  }

  Optional<IaikSignerKey> findSigner(String label) {
    long[] privs = core.find(new AttributeVector().class_(CKO_PRIVATE_KEY).label(label));
    if (privs.length == 0) {
      return Optional.empty();
    }
    if (privs.length > 1) {
      throw mismatch("there are " + privs.length + " private keys labelled '" + label + "'");
    }
    AttributeVector a = core.attrs(privs[0], CKA_KEY_TYPE, CKA_ID, CKA_EC_PARAMS, CKA_EXTRACTABLE);
    if (a.keyType() == null
        || a.keyType() != CKK_EC
        || EcCurve.fromEcParams(a.ecParams()).orElse(null) != EcCurve.P384) {
      throw mismatch("the private key labelled '" + label + "' is not an EC P-384 key");
    }
    if (!Boolean.FALSE.equals(a.extractable())) {
      throw mismatch(
          "the EC P-384 key labelled '"
              + label
              + "' is extractable; a transcript signer key must"
              + " be non-extractable: create a new one with 'hsm create-signer'");
    }
    String idHex = HexFormat.of().formatHex(a.id() == null ? new byte[0] : a.id());
    core.handle(CKO_PUBLIC_KEY, label, idHex);
    return Optional.of(new IaikSignerKey(label, idHex));
  }

  /** The existing target for a reimport, checked against the expected spec. */
  Optional<IaikTargetKey> findTarget(String label, KeySpec spec) {
    long objectClass = spec.isSecret() ? CKO_SECRET_KEY : CKO_PRIVATE_KEY;
    long[] hs = core.find(new AttributeVector().class_(objectClass).label(label));
    if (hs.length == 0) {
      long[] others = core.find(new AttributeVector().label(label));
      if (others.length > 0) {
        long cls = core.attrs(others[0], CKA_CLASS).class_();
        throw mismatch(
            "the object labelled '"
                + label
                + "' is a "
                + SessionCore.className(cls)
                + ", not the "
                + SessionCore.className(objectClass)
                + " a "
                + spec
                + " target needs");
      }
      return Optional.empty();
    }
    if (hs.length > 1) {
      throw mismatch(
          "there are "
              + hs.length
              + " "
              + SessionCore.className(objectClass)
              + " objects labelled '"
              + label
              + "'; labels of targets must be unique");
    }
    AttributeVector a = core.attrs(hs[0], CKA_KEY_TYPE, CKA_ID);
    String idHex = HexFormat.of().formatHex(a.id() == null ? new byte[0] : a.id());
    String actual = describe(hs[0], a.keyType());
    KeySpec found = specOf(hs[0], a.keyType());
    if (found != spec) {
      throw mismatch(
          "the key labelled '"
              + label
              + "' is "
              + actual
              + ", not "
              + spec
              + "; choose another label or the matching key spec");
    }
    if (spec.isKeyPair()) {
      core.handle(CKO_PUBLIC_KEY, label, idHex);
    }
    return Optional.of(new IaikTargetKey(label, idHex, spec));
  }

  private KeySpec specOf(long handle, Long keyType) {
    if (keyType == null) {
      return null;
    }
    if (keyType == CKK_AES) {
      Integer len = core.attrs(handle, CKA_VALUE_LEN).valueLen();
      return len != null && len == 32 ? KeySpec.SYMMETRIC_DEFAULT : null;
    }
    if (keyType == CKK_GENERIC_SECRET) {
      Integer len = core.attrs(handle, CKA_VALUE_LEN).valueLen();
      if (len == null) {
        return null;
      }
      switch (len) {
        case 28:
          return KeySpec.HMAC_224;
        case 32:
          return KeySpec.HMAC_256;
        case 48:
          return KeySpec.HMAC_384;
        case 64:
          return KeySpec.HMAC_512;
        default:
          return null;
      }
    }
    if (keyType == CKK_RSA) {
      java.math.BigInteger n = core.attrs(handle, CKA_MODULUS).modulus();
      if (n == null) {
        return null;
      }
      switch (n.bitLength()) {
        case 2048:
          return KeySpec.RSA_2048;
        case 3072:
          return KeySpec.RSA_3072;
        case 4096:
          return KeySpec.RSA_4096;
        default:
          return null;
      }
    }
    if (keyType == CKK_EC) {
      return EcCurve.fromEcParams(core.attrs(handle, CKA_EC_PARAMS).ecParams())
          .map(EcCurve::spec)
          .orElse(null);
    }
    return null;
  }

  private String describe(long handle, Long keyType) {
    KeySpec s = specOf(handle, keyType);
    if (s != null) {
      return "a " + s + " key";
    }
    String t =
        keyType == null
            ? "unknown"
            : org.xipki.pkcs11.wrapper.PKCS11Constants.ckkCodeToName(keyType);
    return "a " + t + " key of another size or curve";
  }

  private void refuseExistingLabel(String label) {
    long[] existing = core.find(new AttributeVector().label(label));
    if (existing.length > 0) {
      throw new HsmException(
          HsmException.Reason.LABEL_EXISTS,
          "token '"
              + core.facts.label()
              + "' already has "
              + existing.length
              + " object(s) labelled '"
              + label
              + "'; labels are never reused or overwritten:"
              + " choose a new label (see 'hsm list-keys')");
    }
  }

  private byte[] newId() {
    for (int attempt = 0; attempt < 5; attempt++) {
      byte[] id = new byte[16];
      RANDOM.nextBytes(id);
      if (core.find(new AttributeVector().id(id)).length == 0) {
        return id;
      }
    }
    throw new IllegalStateException("could not find an unused random CKA_ID");
  }

  private static HsmException mismatch(String message) {
    return new HsmException(HsmException.Reason.KEY_MISMATCH, message);
  }
}
