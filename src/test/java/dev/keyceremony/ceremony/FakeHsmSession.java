package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.Secret;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
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
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * A software stand-in for a token behind the HSM port (unit tests only). Keys live in memory;
 * wrapping is real OAEP / RSA_AES_KEY_WRAP so that {@link FakeKms} can unwrap it. Like SoftHSM
 * 2.6.1, only the SHA-1 algorithms pass its self-test unless told otherwise.
 */
public final class FakeHsmSession implements HsmSession {
  record Target(String label, String idHex, KeySpec keySpec, byte[] secret, KeyPair pair)
      implements TargetKey {}

  record Wrapping(WrappingKeySpec spec, String spkiSha256Hex, boolean trusted, PublicKey key)
      implements WrappingKey {}

  final List<String> calls = new ArrayList<>();
  final Map<String, Target> objects = new LinkedHashMap<>();
  final Set<WrappingAlgorithm> passing =
      EnumSet.of(WrappingAlgorithm.RSAES_OAEP_SHA_1, WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_1);
  final List<Wrapping> liveWrappingKeys = new ArrayList<>();

  /** Like SoftHSM 2.6.1: CKM_RSA_PKCS_OAEP cannot wrap a private key. */
  boolean oaepWrapsPrivateKeys;

  /** Unlike SoftHSM 2.6.1, lists CKM_RSA_AES_KEY_WRAP unless told otherwise (trusted mode). */
  boolean nativeRsaAesWrap = true;

  /** What the token says of CKA_SENSITIVE on a target key (a lying token: false or null). */
  Boolean sensitive = true;

  /** What the token says of CKA_WRAP_WITH_TRUSTED on a target key. */
  Boolean wrapWithTrusted = false;

  /** Why trusted mode cannot be used on this token (empty: it can). */
  Optional<String> trustedModeObstacle = Optional.empty();

  /** A lie about an imported wrapping key's fingerprint (null: the truth). */
  String wrappingKeyFingerprintLie;

  /** A lie about what C_WrapKey returned (e.g. a ciphertext of the wrong length). */
  UnaryOperator<WrapResult> wrapLie = UnaryOperator.identity();

  /** A lie about the HSM's HMAC (e.g. one that does not match KMS's GenerateMac). */
  UnaryOperator<byte[]> hmacLie = UnaryOperator.identity();

  private final SecureRandom random = new SecureRandom();
  private int ids;

  @Override
  public TokenFacts facts() {
    return new TokenFacts(
        "/fake/module.so",
        "00".repeat(32),
        "Fake",
        "Tests",
        "1.0",
        "3.0",
        0,
        "fake-token",
        "Tests",
        "Fake",
        "0001",
        "1.0",
        "1.0",
        List.of());
  }

  @Override
  public SelfTestReport selfTest(WrappingKeySpec wks) {
    calls.add("selfTest");
    List<SelfTestReport.Result> r = new ArrayList<>();
    for (WrappingAlgorithm a : WrappingAlgorithm.values()) {
      boolean ok = passing.contains(a);
      r.add(new SelfTestReport.Result(a, ok, "fake", ok ? null : "CKR_ARGUMENTS_BAD"));
    }
    return new SelfTestReport(wks, r);
  }

  @Override
  public WrapProof proveWrap(KeySpec spec, WrappingAlgorithm a, WrappingKeySpec wks) {
    calls.add("proveWrap");
    if (!passing.contains(a)) {
      return new WrapProof(spec, a, wks, false, "fake", "CKR_ARGUMENTS_BAD");
    }
    if (spec.isKeyPair() && !a.isHybrid() && !oaepWrapsPrivateKeys) {
      return new WrapProof(
          spec,
          a,
          wks,
          false,
          "fake",
          "the token cannot wrap "
              + spec
              + " material with "
              + a
              + ": C_WrapKey returned CKR_KEY_NOT_WRAPPABLE");
    }
    return new WrapProof(spec, a, wks, true, "fake", "trial wrap matches");
  }

  @Override
  public Optional<String> trustedWrapObstacle(KeySpec spec, WrappingAlgorithm a) {
    calls.add("trustedWrapObstacle");
    return a.isHybrid() && !nativeRsaAesWrap
        ? Optional.of(a + " of " + spec + " in trusted mode needs CKM_RSA_AES_KEY_WRAP")
        : Optional.empty();
  }

  @Override
  public Optional<String> trustedModeObstacle() {
    return trustedModeObstacle;
  }

  @Override
  public TargetKey generate(GenerateRequest request) {
    calls.add("generate");
    if (objects.containsKey(request.label())) {
      throw new HsmException(HsmException.Reason.LABEL_EXISTS, "label exists");
    }
    Target t;
    try {
      KeySpec s = request.keySpec();
      String id = String.format("%04x", ++ids);
      if (s.isSecret()) {
        byte[] k = new byte[s.secretLengthBytes()];
        random.nextBytes(k);
        t = new Target(request.label(), id, s, k, null);
      } else {
        t = new Target(request.label(), id, s, null, FakeCrypto.keyPair(s));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    objects.put(t.label(), t);
    return t;
  }

  @Override
  public Optional<TargetKey> findTarget(String label, KeySpec expectedSpec) {
    calls.add("findTarget");
    Target t = objects.get(label);
    return t != null && t.keySpec() == expectedSpec ? Optional.of(t) : Optional.empty();
  }

  @Override
  public WrappingKey importWrappingKey(byte[] spkiDer) {
    calls.add("importWrappingKey");
    return wrapping(spkiDer, false);
  }

  @Override
  public WrappingKey importTrustedWrappingKey(byte[] spkiDer, Secret soPin) {
    calls.add("importTrustedWrappingKey");
    return wrapping(spkiDer, true);
  }

  private Wrapping wrapping(byte[] spki, boolean trusted) {
    try {
      PublicKey k = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
      int bits = ((java.security.interfaces.RSAPublicKey) k).getModulus().bitLength();
      Wrapping w =
          new Wrapping(
              WrappingKeySpec.ofBits(bits),
              wrappingKeyFingerprintLie != null
                  ? wrappingKeyFingerprintLie
                  : Fingerprint.sha256Hex(spki),
              trusted,
              k);
      liveWrappingKeys.add(w);
      return w;
    } catch (GeneralSecurityException e) {
      throw new HsmException(HsmException.Reason.WRAPPING_KEY_REJECTED, "bad key");
    }
  }

  @Override
  public WrapResult wrap(TargetKey target, WrappingKey wk, WrappingAlgorithm algorithm) {
    calls.add("wrap");
    Target t = (Target) target;
    Wrapping w = (Wrapping) wk;
    byte[] material = t.secret() != null ? t.secret() : t.pair().getPrivate().getEncoded();
    try {
      return wrapLie.apply(
          new WrapResult(
              algorithm,
              FakeCrypto.wrap(algorithm, w.key(), material, w.spec().modulusBytes()),
              "fake-" + algorithm,
              List.of()));
    } catch (GeneralSecurityException e) {
      throw new HsmException(HsmException.Reason.INCOMPATIBLE, e.getMessage());
    }
  }

  @Override
  public KeyEvidence evidence() {
    return new KeyEvidence() {
      @Override
      public byte[] aesEcbZeroBlock(TargetKey target) {
        try {
          Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
          c.init(Cipher.ENCRYPT_MODE, FakeCrypto.aes(((Target) target).secret()));
          return c.doFinal(new byte[16]);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public byte[] aesCmacZeroBlock(TargetKey target) {
        try {
          Mac m = Mac.getInstance("AESCMAC", FakeCrypto.BC);
          m.init(FakeCrypto.aes(((Target) target).secret()));
          return m.doFinal(new byte[16]);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public byte[] hmac(TargetKey target, byte[] message) {
        try {
          return hmacLie.apply(
              FakeCrypto.mac(target.keySpec(), ((Target) target).secret(), message));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public byte[] publicKeySpki(TargetKey target) {
        return ((Target) target).pair().getPublic().getEncoded();
      }

      @Override
      public byte[] sign(TargetKey target, byte[] message) {
        try {
          return FakeCrypto.sign(target.keySpec(), ((Target) target).pair().getPrivate(), message);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public byte[] signWithSigner(SignerKey signer, byte[] data) {
        throw new UnsupportedOperationException();
      }

      @Override
      public byte[] signerPublicKeySpki(SignerKey signer) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Override
  public SecurityAttributes securityAttributes(TargetKey target) {
    return new SecurityAttributes(sensitive, true, true, false, true, wrapWithTrusted, true, true);
  }

  @Override
  public List<ObjectInfo> listObjects() {
    calls.add("listObjects");
    List<ObjectInfo> l = new ArrayList<>();
    objects
        .values()
        .forEach(
            t ->
                l.add(
                    new ObjectInfo(
                        t.label(),
                        t.idHex(),
                        "SECRET_KEY",
                        t.keySpec().name(),
                        t.keySpec().bits(),
                        securityAttributes(t))));
    return l;
  }

  @Override
  public SignerKey createSigner(String label) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<SignerKey> findSigner(String label) {
    return Optional.empty();
  }

  @Override
  public int destroyTarget(TargetKey target) {
    calls.add("destroyTarget");
    Target t = objects.get(target.label());
    if (t != null && t.idHex().equals(target.idHex())) {
      objects.remove(target.label());
      return t.keySpec().isKeyPair() ? 2 : 1;
    }
    return 0;
  }

  @Override
  public void destroy(WrappingKey wrappingKey) {
    calls.add("destroy");
    liveWrappingKeys.remove(wrappingKey);
  }

  @Override
  public void close() {
    liveWrappingKeys.clear();
  }
}
