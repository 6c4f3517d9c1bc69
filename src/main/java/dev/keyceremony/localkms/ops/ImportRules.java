package dev.keyceremony.localkms.ops;

import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeyRecord;
import dev.keyceremony.localkms.model.KeySpecInfo;
import java.util.List;

/**
 * Which wrapping algorithm and wrapping key spec may import which key spec: AWS's selection table
 * (spec section 2.2), applied already at GetParametersForImport since the key spec is known then.
 * Refusals are ValidationExceptions naming the allowed choices.
 */
final class ImportRules {
  static final List<String> ALGORITHMS =
      List.of(
          "RSAES_PKCS1_V1_5",
          "RSAES_OAEP_SHA_1",
          "RSAES_OAEP_SHA_256",
          "RSA_AES_KEY_WRAP_SHA_1",
          "RSA_AES_KEY_WRAP_SHA_256",
          "SM2PKE");
  static final List<String> WRAPPING_SPECS = List.of("RSA_2048", "RSA_3072", "RSA_4096", "SM2");

  private ImportRules() {}

  static void check(KeyRecord k, String region, String algorithm, String wrappingSpec) {
    boolean china = region.startsWith("cn-");
    if (algorithm.equals("RSAES_PKCS1_V1_5")) {
      throw KmsError.validation(
          "The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported (since October 10,"
              + " 2023). Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.");
    }
    if (algorithm.equals("SM2PKE") || wrappingSpec.equals("SM2")) {
      if (!china) {
        throw KmsError.validation(
            "The wrapping algorithm SM2PKE and the wrapping key spec SM2 are supported only in"
                + " China Regions; "
                + region
                + " is not one. Use an RSA wrapping key spec.");
      }
      throw KmsError.unsupported("SM2PKE wrapping is not implemented by this local KMS.");
    }
    KeySpecInfo spec = k.spec();
    boolean rsaAes = algorithm.startsWith("RSA_AES_KEY_WRAP");
    if (rsaAes && china) {
      throw KmsError.validation(algorithm + " is not supported in China Regions.");
    }
    switch (spec.family()) {
      case RSA -> {
        if (!rsaAes) {
          throw KmsError.validation(
              "The wrapping algorithm "
                  + algorithm
                  + " cannot wrap RSA key material ("
                  + spec
                  + "). Use RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1.");
        }
      }
      case SYMMETRIC, HMAC -> {
        if (rsaAes) {
          throw KmsError.validation(
              "The wrapping algorithm "
                  + algorithm
                  + " is not supported for "
                  + spec
                  + " key material. Use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1.");
        }
      }
      case ECC -> {
        if (spec == KeySpecInfo.ECC_NIST_P521 && !rsaAes && wrappingSpec.equals("RSA_2048")) {
          throw KmsError.validation(
              "ECC_NIST_P521 key material is too long to wrap with "
                  + algorithm
                  + " under an RSA_2048 wrapping key. Use RSA_3072 or RSA_4096, or"
                  + " RSA_AES_KEY_WRAP_SHA_256.");
        }
      }
    }
  }
}
