package dev.keyceremony.ceremony.script;

import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.core.WrappingRules;
import java.util.List;
import java.util.Optional;

/**
 * The {@code wrapping} section: the algorithm ({@code auto} or one KMS allows, checked against the
 * key spec with {@link WrappingRules} when the script creates the key) and the wrapping key spec.
 */
final class WrappingSectionParser {
  static final List<String> KEYS = List.of("algorithm", "key-spec");

  private WrappingSectionParser() {}

  static WrappingSection parse(Fields f, KeySection key) {
    String algText =
        f.text(
            "algorithm",
            true,
            "auto, RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1,"
                + " RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1");
    WrappingAlgorithm alg = null;
    boolean algOk = algText != null;
    if (algText != null && !algText.equals("auto")) {
      try {
        alg = WrappingAlgorithm.parse(algText);
      } catch (IllegalArgumentException e) {
        f.problem(
            "algorithm",
            "'"
                + algText
                + "' is not allowed; allowed: auto, "
                + "RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256,"
                + " RSA_AES_KEY_WRAP_SHA_1 (RSAES_PKCS1_V1_5 is no longer accepted by KMS)");
        algOk = false;
      }
    }
    String ksText =
        f.text("key-spec", true, "the wrapping key size: RSA_2048, RSA_3072 or" + " RSA_4096");
    WrappingKeySpec ks = null;
    if (ksText != null) {
      try {
        ks = WrappingKeySpec.parse(ksText);
      } catch (IllegalArgumentException e) {
        f.problem(
            "key-spec",
            "'" + ksText + "' is not allowed; allowed: RSA_2048, RSA_3072," + " RSA_4096");
      }
    }
    if (alg != null && ks != null && key != null && key.creates()) {
      Optional<String> why = WrappingRules.rejection(key.create().spec(), alg, ks);
      why.ifPresent(w -> f.problem("algorithm", w));
      if (why.isPresent()) {
        return null;
      }
    }
    if (!algOk || ks == null) {
      return null;
    }
    return new WrappingSection(alg, ks);
  }
}
