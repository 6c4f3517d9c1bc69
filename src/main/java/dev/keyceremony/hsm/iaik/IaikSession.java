package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.KeyEvidence;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SecurityAttributes;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.SignerKey;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.TokenFacts;
import dev.keyceremony.hsm.WrapProof;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.hsm.WrappingKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;

/** A logged-in read-write session: the IAIK adapter of {@link HsmSession}. */
public final class IaikSession implements HsmSession {
  private final IaikHsm hsm;
  private final Token token;
  private final SessionCore core;
  private final Secret userPin;
  private final KeyGenerator generator;
  private final Wrapper wrapper;
  private final MechanismSelfTest selfTest;
  private final MaterialWrapProof wrapProof;
  private final IaikEvidence evidence;
  private final ObjectLister lister;
  private final WrapOperation wrapOperation;
  private final List<IaikWrappingKey> sessionObjects = new ArrayList<>();
  private final Map<WrappingKeySpec, SelfTestReport> selfTests =
      new EnumMap<>(WrappingKeySpec.class);
  private boolean closed;

  private IaikSession(IaikHsm hsm, Token token, Session session, Secret userPin) {
    this.hsm = hsm;
    this.token = token;
    this.core = new SessionCore(session, hsm.facts());
    this.userPin = userPin;
    this.generator = new KeyGenerator(core);
    this.wrapper = new Wrapper(core);
    this.selfTest = new MechanismSelfTest(core, wrapper);
    this.wrapProof = new MaterialWrapProof(core, wrapper);
    this.evidence = new IaikEvidence(core);
    this.lister = new ObjectLister(core);
    this.wrapOperation = new WrapOperation(core, wrapper);
  }

  /**
   * Opens a session and logs the user in. {@code loggedInPin} is the PIN another open session of
   * this process logged in with, if any: the token does not check a PIN while logged in, so it is
   * compared here instead.
   */
  static IaikSession open(IaikHsm hsm, Token token, Secret userPin, Secret loggedInPin) {
    Session session;
    try {
      session = token.openSession(true);
    } catch (TokenException e) {
      throw Pkcs11Errors.device(
          "C_OpenSession (read-write) on token '" + hsm.facts().label() + "'", e);
    }
    // The session keeps its own copy for its lifetime, wiped in close(): it logs the user in again
    // after an SO step (installTrusted), and a later session of this process compares its PIN
    // with it (the token does not check a PIN while logged in).
    Secret copy = userPin.copy();
    try {
      boolean checked = Logins.login(session, token, CKU_USER, copy, hsm.facts().label());
      if (!checked && loggedInPin != null && !loggedInPin.sameAs(copy)) {
        throw new HsmException(
            HsmException.Reason.PIN_INCORRECT,
            "the user PIN for token '"
                + hsm.facts().label()
                + "' is incorrect: it differs from"
                + " the PIN this process is already logged in with (the token does not check a PIN"
                + " again while logged in). Check the PIN source (hsm.user-pin in a script, --pin of an hsm command:"
                + " prompt|env:NAME|file:PATH).");
      }
    } catch (RuntimeException e) {
      copy.close();
      try {
        session.closeSession();
      } catch (TokenException ignored) {
        // the login error is what matters
      }
      throw e;
    }
    return new IaikSession(hsm, token, session, copy);
  }

  /** How RSA_AES_KEY_WRAP_* is produced (tests force the native or composed path). */
  void hybridMode(Wrapper.HybridMode mode) {
    synchronized (core) {
      wrapper.hybridMode(mode);
      selfTests.clear(); // results were for the other path
    }
  }

  Secret pin() {
    return userPin;
  }

  /** The underlying session, for tests in this package. */
  SessionCore core() {
    return core;
  }

  Wrapper wrapper() {
    return wrapper;
  }

  @Override
  public TokenFacts facts() {
    return core.facts;
  }

  @Override
  public SelfTestReport selfTest(WrappingKeySpec wrappingKeySpec) {
    synchronized (core) {
      ensureOpen();
      return selfTests.computeIfAbsent(wrappingKeySpec, selfTest::run);
    }
  }

  @Override
  public WrapProof proveWrap(
      KeySpec spec, WrappingAlgorithm algorithm, WrappingKeySpec wrappingKeySpec) {
    synchronized (core) {
      ensureOpen();
      return wrapProof.run(spec, algorithm, wrappingKeySpec);
    }
  }

  @Override
  public Optional<String> trustedModeObstacle() {
    return NssSoftoken.trustedModeObstacle(core.facts);
  }

  @Override
  public Optional<String> trustedWrapObstacle(KeySpec spec, WrappingAlgorithm algorithm) {
    synchronized (core) {
      ensureOpen();
      return wrapper.trustedObstacle(spec, algorithm);
    }
  }

  @Override
  public TargetKey generate(GenerateRequest request) {
    synchronized (core) {
      ensureOpen();
      return generator.generate(request);
    }
  }

  @Override
  public Optional<TargetKey> findTarget(String label, KeySpec expectedSpec) {
    synchronized (core) {
      ensureOpen();
      return generator.findTarget(label, expectedSpec).map(k -> k);
    }
  }

  @Override
  public WrappingKey importWrappingKey(byte[] spkiDer) {
    KmsWrappingKeyParser.Parsed p = KmsWrappingKeyParser.parse(spkiDer);
    synchronized (core) {
      ensureOpen();
      long h;
      try {
        h =
            core.session.createObject(
                KeyTemplates.wrappingPublicKey(p.publicKey(), label(p), false));
      } catch (TokenException e) {
        throw Pkcs11Errors.device("C_CreateObject of the KMS wrapping public key", e);
      }
      return remember(
          new IaikWrappingKey(p.spec(), p.spkiSha256Hex(), false, h, p.publicKey(), this));
    }
  }

  @Override
  public WrappingKey importTrustedWrappingKey(byte[] spkiDer, Secret soPin) {
    KmsWrappingKeyParser.Parsed p = KmsWrappingKeyParser.parse(spkiDer);
    synchronized (core) {
      ensureOpen();
      // SoftHSM allows SO and user logins only one at a time, only the SO may set CKA_TRUSTED,
      // only at creation, and only on public objects. A public session object survives the SO
      // logout; C_Logout destroys only private session objects.
      Logins.logoutQuietly(core.session);
      long h;
      try {
        Logins.login(core.session, token, CKU_SO, soPin, core.facts.label());
        try {
          h =
              core.session.createObject(
                  KeyTemplates.wrappingPublicKey(p.publicKey(), label(p), true));
        } catch (TokenException e) {
          throw Pkcs11Errors.device(
              "C_CreateObject of the trusted wrapping public key as Security Officer", e);
        } finally {
          Logins.logoutQuietly(core.session);
        }
      } finally {
        Logins.login(core.session, token, CKU_USER, userPin, core.facts.label());
      }
      return remember(
          new IaikWrappingKey(p.spec(), p.spkiSha256Hex(), true, h, p.publicKey(), this));
    }
  }

  private static String label(KmsWrappingKeyParser.Parsed p) {
    return "kms-wrapping-key-" + p.spkiSha256Hex().substring(0, 16);
  }

  private IaikWrappingKey remember(IaikWrappingKey k) {
    sessionObjects.add(k);
    return k;
  }

  @Override
  public WrapResult wrap(TargetKey target, WrappingKey wrappingKey, WrappingAlgorithm algorithm) {
    Optional<String> rejection =
        WrappingRules.rejection(target.keySpec(), algorithm, wrappingKey.spec());
    if (rejection.isPresent()) {
      throw new HsmException(
          HsmException.Reason.INCOMPATIBLE, "AWS KMS import matrix: " + rejection.get());
    }
    synchronized (core) {
      ensureOpen();
      IaikWrappingKey wk = own(wrappingKey);
      wrapper.plan(algorithm);
      return wrapOperation.wrap(target, wk, algorithm, selfTest(wk.spec()));
    }
  }

  private IaikWrappingKey own(WrappingKey wrappingKey) {
    if (!(wrappingKey instanceof IaikWrappingKey)
        || ((IaikWrappingKey) wrappingKey).owner() != this
        || !sessionObjects.contains(wrappingKey)) {
      throw new IllegalArgumentException(
          "the wrapping key was not imported by this session (or was destroyed); import it again");
    }
    return (IaikWrappingKey) wrappingKey;
  }

  @Override
  public KeyEvidence evidence() {
    ensureOpen();
    return evidence;
  }

  @Override
  public SecurityAttributes securityAttributes(TargetKey target) {
    synchronized (core) {
      ensureOpen();
      long cls = target.keySpec().isSecret() ? CKO_SECRET_KEY : CKO_PRIVATE_KEY;
      return lister.securityAttributes(core.handle(cls, target.label(), target.idHex()));
    }
  }

  @Override
  public List<ObjectInfo> listObjects() {
    synchronized (core) {
      ensureOpen();
      return lister.list();
    }
  }

  @Override
  public SignerKey createSigner(String label) {
    synchronized (core) {
      ensureOpen();
      return generator.createSigner(label);
    }
  }

  @Override
  public Optional<SignerKey> findSigner(String label) {
    synchronized (core) {
      ensureOpen();
      return generator.findSigner(label).map(k -> k);
    }
  }

  @Override
  public void destroy(WrappingKey wrappingKey) {
    synchronized (core) {
      IaikWrappingKey wk = own(wrappingKey);
      sessionObjects.remove(wk);
      try {
        core.session.destroyObject(wk.handle());
      } catch (TokenException e) {
        throw Pkcs11Errors.device("C_DestroyObject of the wrapping key session object", e);
      }
    }
  }

  @Override
  public int destroyTarget(TargetKey target) {
    synchronized (core) {
      ensureOpen();
      byte[] id = java.util.HexFormat.of().parseHex(target.idHex());
      long[] hs =
          core.find(
              new org.xipki.pkcs11.wrapper.AttributeVector()
                  .token(true)
                  .label(target.label())
                  .id(id));
      for (long h : hs) {
        try {
          core.session.destroyObject(h);
        } catch (TokenException e) {
          throw Pkcs11Errors.device("C_DestroyObject of '" + target.label() + "'", e);
        }
      }
      return hs.length;
    }
  }

  /**
   * Destroys every token object with this label (test hygiene only; not part of the port, because a
   * ceremony never deletes key material).
   */
  int destroyTokenObjectsLabelled(String label) {
    synchronized (core) {
      ensureOpen();
      long[] hs =
          core.find(new org.xipki.pkcs11.wrapper.AttributeVector().token(true).label(label));
      for (long h : hs) {
        try {
          core.session.destroyObject(h);
        } catch (TokenException e) {
          throw Pkcs11Errors.device("C_DestroyObject of '" + label + "'", e);
        }
      }
      return hs.length;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this HSM session is closed");
    }
  }

  @Override
  public void close() {
    synchronized (core) {
      if (closed) {
        return;
      }
      closed = true;
      for (IaikWrappingKey k : sessionObjects) {
        try {
          core.session.destroyObject(k.handle());
        } catch (TokenException ignored) {
          // session objects vanish with the session anyway
        }
      }
      sessionObjects.clear();
      // Login state is per token and process, not per session: C_Logout here would log out every
      // other open session too (and destroy their private session objects). Only the last one
      // logs out; closing the last session of a token ends the login anyway.
      if (hsm.otherOpenSessions(this) == 0) {
        Logins.logoutQuietly(core.session);
      }
      try {
        core.session.closeSession();
      } catch (TokenException ignored) {
        // closing is best effort
      }
      userPin.close();
    }
    hsm.forget(this);
  }
}
