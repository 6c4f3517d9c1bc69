package dev.keyceremony.ceremony;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.hsm.HsmSession;
import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SecurityAttributes;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrapProof;
import dev.keyceremony.hsm.WrapResult;
import dev.keyceremony.hsm.WrappingKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code hsm wrap}: wraps an existing HSM object under a KMS wrapping public key, for people who
 * follow AWS's documented import recipe with an HSM instead of OpenSSL. The same checks as a
 * ceremony's preflight (the token's self-test and a trial wrap of a throwaway object of the same
 * spec, through {@link PreflightStep#explicit}) and the same check of the token's answer, then the
 * wrap; nothing else (no transcript, no KMS, nothing generated or changed on the token but the
 * session objects, which are destroyed).
 */
public final class StandaloneWrap {
  /** What to wrap, under what. */
  public record Request(
      String label, KeySpec keySpec, byte[] wrappingKeySpki, WrappingAlgorithm algorithm) {
    public Request {
      wrappingKeySpki = wrappingKeySpki.clone();
    }

    @Override
    public byte[] wrappingKeySpki() {
      return wrappingKeySpki.clone();
    }
  }

  /** The wrapped material and what was checked on the way. */
  public record Outcome(
      WrapResult wrap,
      TargetKey target,
      SecurityAttributes attributes,
      WrappingKey wrappingKey,
      SelfTestReport selfTest,
      WrapProof proof) {}

  private StandaloneWrap() {}

  /** Throws {@link CeremonyFailure} (cause code, message, fix) when a check stops it. */
  public static Outcome wrap(HsmSession hsm, Request r) {
    TargetKey target =
        hsm.findTarget(r.label(), r.keySpec())
            .orElseThrow(
                () ->
                    new CeremonyFailure(
                        FailCause.MATERIAL_NOT_FOUND,
                        "--label: no "
                            + r.keySpec()
                            + " key labelled '"
                            + r.label()
                            + "' in token "
                            + hsm.facts().label(),
                        "check the label with ./ceremony" + " hsm list-keys"));
    SecurityAttributes a = hsm.securityAttributes(target);
    if (Boolean.TRUE.equals(a.wrapWithTrusted())) {
      throw new CeremonyFailure(
          FailCause.TRUSTED_MODE,
          "the key labelled '"
              + r.label()
              + "' is"
              + " CKA_WRAP_WITH_TRUSTED: only a trusted wrapping key may wrap it, and hsm wrap imports"
              + " the KMS key as an ordinary session object",
          "wrap it in a ceremony with hsm.so-pin" + " (./ceremony run with material.existing)");
    }
    WrappingKey wk = hsm.importWrappingKey(r.wrappingKeySpki());
    try {
      String fileSha = Fingerprint.sha256Hex(r.wrappingKeySpki());
      if (!wk.spkiSha256Hex().equals(fileSha)) {
        throw new CeremonyFailure(
            FailCause.WRAPPING_KEY_MISMATCH,
            "the token holds a wrapping key with"
                + " SHA-256 "
                + wk.spkiSha256Hex()
                + ", not the file's "
                + fileSha,
            "check the HSM adapter; nothing was wrapped");
      }
      SelfTestReport st = hsm.selfTest(wk.spec());
      List<WrapProof> proofs = new ArrayList<>();
      PreflightStep.explicit(
          "--algorithm",
          r.algorithm(),
          r.keySpec(),
          wk.spec(),
          st,
          alg -> {
            WrapProof p = hsm.proveWrap(r.keySpec(), alg, wk.spec());
            proofs.add(p);
            return p;
          },
          "use ");
      WrapResult w = hsm.wrap(target, wk, r.algorithm());
      WrapCheck.verify(w, r.algorithm(), r.keySpec(), wk.spec(), "nothing was written");
      return new Outcome(w, target, a, wk, st, proofs.get(proofs.size() - 1));
    } finally {
      hsm.destroy(wk);
    }
  }

  /**
   * The key spec of the object labelled {@code label}, from what {@code hsm list-keys} shows; empty
   * when there is none, or when the type does not say (an EC key of 256 bits is P-256 or secp256k1:
   * then {@code --key-spec} must say).
   */
  public static Optional<KeySpec> inferSpec(List<ObjectInfo> objects, String label) {
    List<KeySpec> found = new ArrayList<>();
    for (ObjectInfo o : objects) {
      if (!label.equals(o.label())
          || o.keyType() == null
          || o.sizeBits() == null
          || o.objectClass().equals("CKO_PUBLIC_KEY")) {
        continue;
      }
      int bits = o.sizeBits();
      String t = o.keyType();
      String name =
          switch (t) {
            case "CKK_AES" -> bits == 256 ? "SYMMETRIC_DEFAULT" : null;
            case "CKK_GENERIC_SECRET",
                "CKK_SHA224_HMAC",
                "CKK_SHA256_HMAC",
                "CKK_SHA384_HMAC",
                "CKK_SHA512_HMAC" ->
                "HMAC_" + bits;
            case "CKK_RSA" -> "RSA_" + bits;
            case "CKK_EC" -> bits == 384 ? "ECC_NIST_P384" : bits == 521 ? "ECC_NIST_P521" : null;
            default -> null;
          };
      KeySpec s = null;
      for (KeySpec k : KeySpec.values()) {
        if (k.name().equals(name)) {
          s = k;
        }
      }
      if (s == null) {
        return Optional.empty();
      }
      found.add(s);
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
