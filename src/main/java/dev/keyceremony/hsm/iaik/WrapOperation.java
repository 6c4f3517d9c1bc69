package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_WRAP_WITH_TRUSTED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_NOT_WRAPPABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_UNEXTRACTABLE;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingRules;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.SelfTestReport;
import dev.keyceremony.hsm.TargetKey;
import dev.keyceremony.hsm.WrapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One wrap of a target for KMS: refused unless the self-test of the algorithm passed; token
 * refusals explained (trusted mode, token limitations); output length checked; SoftHSM's KWP
 * zero-padding reported as a warning.
 */
final class WrapOperation {
  private final SessionCore core;
  private final Wrapper wrapper;

  WrapOperation(SessionCore core, Wrapper wrapper) {
    this.core = core;
    this.wrapper = wrapper;
  }

  WrapResult wrap(
      TargetKey target, IaikWrappingKey wk, WrappingAlgorithm algorithm, SelfTestReport report) {
    SelfTestReport.Result r = report.result(algorithm).orElseThrow();
    if (!r.passed()) {
      throw new HsmException(
          HsmException.Reason.SELF_TEST_FAILED,
          "the mechanism self-test of "
              + algorithm
              + " failed on token '"
              + core.facts.label()
              + "' ("
              + r.mechanism()
              + "): "
              + r.detail()
              + "; use an algorithm that passed: "
              + passed(report, target.keySpec()));
    }
    long cls = target.keySpec().isSecret() ? CKO_SECRET_KEY : CKO_PRIVATE_KEY;
    long handle = core.handle(cls, target.label(), target.idHex());
    Wrapper.Output out;
    try {
      out = wrapper.wrap(handle, wk.handle(), algorithm);
    } catch (StepFailure f) {
      throw explain(f, handle, target, wk, algorithm);
    }
    byte[] ct = out.ciphertext();
    Optional<String> wrong =
        WrappingRules.wrappedLengthProblem(target.keySpec(), algorithm, wk.spec(), ct.length);
    if (wrong.isPresent()) {
      throw new HsmException(
          HsmException.Reason.DEVICE_ERROR,
          algorithm
              + " output is "
              + ct.length
              + " bytes, which cannot be right for an RSA-"
              + wk.spec().bits()
              + " wrapping key: "
              + wrong.get());
    }
    List<String> warnings = new ArrayList<>();
    if (out.kwpMechanism() != 0) {
      KwpQuirk.warning(core.facts, out.kwpMechanism(), target.keySpec()).ifPresent(warnings::add);
    }
    return new WrapResult(algorithm, ct, out.mechanism(), warnings);
  }

  private static String passed(SelfTestReport report, KeySpec spec) {
    List<WrappingAlgorithm> ok = new ArrayList<>();
    for (WrappingAlgorithm a : WrappingRules.allowedAlgorithms(spec, report.wrappingKeySpec())) {
      if (report.passed(a)) {
        ok.add(a);
      }
    }
    return ok.isEmpty() ? "none for " + spec + " on this token" : ok.toString();
  }

  private HsmException explain(
      StepFailure f,
      long handle,
      TargetKey target,
      IaikWrappingKey wk,
      WrappingAlgorithm algorithm) {
    if (f.code() == CKR_KEY_UNEXTRACTABLE) {
      return new HsmException(
          HsmException.Reason.KEY_MISMATCH,
          "key '"
              + target.label()
              + "' has CKA_EXTRACTABLE=false ("
              + f.getMessage()
              + "): no"
              + " token can ever wrap it, so its material cannot be imported into KMS; generate a"
              + " new target with this tool",
          f);
    }
    if (f.code() == CKR_KEY_NOT_WRAPPABLE) {
      Boolean wwt = core.attrs(handle, CKA_WRAP_WITH_TRUSTED).wrapWithTrusted();
      if (Boolean.TRUE.equals(wwt) && !wk.trusted()) {
        return new HsmException(
            HsmException.Reason.WRAPPING_KEY_REJECTED,
            "key '"
                + target.label()
                + "' has CKA_WRAP_WITH_TRUSTED=true, so the token wraps it"
                + " only under a CKA_TRUSTED key, and this wrapping key was imported untrusted ("
                + f.getMessage()
                + "); import it in trusted mode with the SO PIN",
            f);
      }
      if (Boolean.TRUE.equals(wwt) && algorithm.isHybrid()) {
        return new HsmException(
            HsmException.Reason.MECHANISM_UNAVAILABLE,
            "key '"
                + target.label()
                + "' has CKA_WRAP_WITH_TRUSTED=true; the composed "
                + algorithm
                + " wraps it under an ephemeral AES key that is not CKA_TRUSTED (only"
                + " the SO can create trusted keys) ("
                + f.getMessage()
                + "); use RSAES_OAEP_*"
                + " or a token with native CKM_RSA_AES_KEY_WRAP",
            f);
      }
      if (target.keySpec().isKeyPair() && !algorithm.isHybrid()) {
        return new HsmException(
            HsmException.Reason.MECHANISM_UNAVAILABLE,
            "token limitation: '"
                + core.facts.label()
                + "' ("
                + core.facts.libraryManufacturer()
                + " "
                + core.facts.libraryVersion()
                + ") cannot wrap a private key with"
                + " CKM_RSA_PKCS_OAEP ("
                + f.getMessage()
                + "); KMS would accept "
                + algorithm
                + " for "
                + target.keySpec()
                + ", but use RSA_AES_KEY_WRAP_SHA_1 or"
                + " RSA_AES_KEY_WRAP_SHA_256 with this token",
            f);
      }
    }
    return new HsmException(
        HsmException.Reason.DEVICE_ERROR,
        "wrapping '" + target.label() + "' with " + algorithm + " failed: " + f.getMessage(),
        f);
  }
}
