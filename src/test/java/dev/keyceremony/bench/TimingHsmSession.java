package dev.keyceremony.bench;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.GenerateRequest;
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
import java.util.List;
import java.util.Optional;

/** Times every call through the HSM port, evidence and signing included (benchmark only). */
final class TimingHsmSession implements HsmSession {
  private final HsmSession d;
  private final Timer t;

  TimingHsmSession(HsmSession delegate, Timer timer) {
    this.d = delegate;
    this.t = timer;
  }

  @Override
  public TokenFacts facts() {
    return t.time("hsm", "facts", d::facts);
  }

  @Override
  public SelfTestReport selfTest(WrappingKeySpec s) {
    return t.time("hsm", "selfTest", () -> d.selfTest(s));
  }

  @Override
  public WrapProof proveWrap(KeySpec spec, WrappingAlgorithm a, WrappingKeySpec s) {
    return t.time("hsm", "proveWrap", () -> d.proveWrap(spec, a, s));
  }

  @Override
  public Optional<String> trustedWrapObstacle(KeySpec spec, WrappingAlgorithm a) {
    return d.trustedWrapObstacle(spec, a);
  }

  @Override
  public TargetKey generate(GenerateRequest r) {
    return t.time("hsm", "generate", () -> d.generate(r));
  }

  @Override
  public Optional<TargetKey> findTarget(String label, KeySpec s) {
    return t.time("hsm", "findTarget", () -> d.findTarget(label, s));
  }

  @Override
  public WrappingKey importWrappingKey(byte[] spki) {
    return t.time("hsm", "importWrappingKey", () -> d.importWrappingKey(spki));
  }

  @Override
  public WrappingKey importTrustedWrappingKey(byte[] spki, Secret so) {
    return t.time("hsm", "importTrustedWrappingKey", () -> d.importTrustedWrappingKey(spki, so));
  }

  @Override
  public WrapResult wrap(TargetKey k, WrappingKey w, WrappingAlgorithm a) {
    return t.time("hsm", "wrap", () -> d.wrap(k, w, a));
  }

  @Override
  public KeyEvidence evidence() {
    KeyEvidence e = d.evidence();
    return new KeyEvidence() {
      @Override
      public byte[] aesEcbZeroBlock(TargetKey k) {
        return t.time("hsm", "aesEcbZeroBlock", () -> e.aesEcbZeroBlock(k));
      }

      @Override
      public byte[] aesCmacZeroBlock(TargetKey k) {
        return t.time("hsm", "aesCmacZeroBlock", () -> e.aesCmacZeroBlock(k));
      }

      @Override
      public byte[] hmac(TargetKey k, byte[] m) {
        return t.time("hsm", "hmac", () -> e.hmac(k, m));
      }

      @Override
      public byte[] publicKeySpki(TargetKey k) {
        return t.time("hsm", "publicKeySpki", () -> e.publicKeySpki(k));
      }

      @Override
      public byte[] sign(TargetKey k, byte[] m) {
        return t.time("hsm", "sign", () -> e.sign(k, m));
      }

      @Override
      public byte[] signWithSigner(SignerKey s, byte[] data) {
        return t.time("hsm", "signWithSigner", () -> e.signWithSigner(s, data));
      }

      @Override
      public byte[] signerPublicKeySpki(SignerKey s) {
        return t.time("hsm", "signerPublicKeySpki", () -> e.signerPublicKeySpki(s));
      }
    };
  }

  @Override
  public SecurityAttributes securityAttributes(TargetKey k) {
    return t.time("hsm", "securityAttributes", () -> d.securityAttributes(k));
  }

  @Override
  public List<ObjectInfo> listObjects() {
    return t.time("hsm", "listObjects", d::listObjects);
  }

  @Override
  public SignerKey createSigner(String label) {
    return t.time("hsm", "createSigner", () -> d.createSigner(label));
  }

  @Override
  public Optional<SignerKey> findSigner(String label) {
    return t.time("hsm", "findSigner", () -> d.findSigner(label));
  }

  @Override
  public int destroyTarget(dev.keyceremony.hsm.TargetKey target) {
    return t.time("hsm", "destroyTarget", () -> d.destroyTarget(target));
  }

  @Override
  public void destroy(WrappingKey w) {
    t.run("hsm", "destroy", () -> d.destroy(w));
  }

  @Override
  public void close() {
    d.close();
  }
}
