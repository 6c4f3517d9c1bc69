package dev.keyceremony.hsm.iaik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.core.KeySpec;
import dev.keyceremony.core.WrappingAlgorithm;
import dev.keyceremony.core.WrappingKeySpec;
import dev.keyceremony.hsm.GenerateRequest;
import dev.keyceremony.hsm.HsmException;
import dev.keyceremony.hsm.SelfTestReport;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link WrapRoundTripIT} on NSS 3.87's softoken, with the SHA-256 algorithms SoftHSM2 2.6.1 cannot
 * do: RSAES_OAEP_SHA_256 for secret keys and RSA_AES_KEY_WRAP_SHA_256 (composed with
 * CKM_AES_KEY_WRAP_KWP through the caller-sized buffer) for every key pair.
 */
class NssWrapRoundTripIT extends WrapRoundTripIT {
  @Override
  ItToken token() {
    return ItToken.NSS;
  }

  /** Every importable spec except secp256k1, which NSS's softoken does not generate. */
  @Override
  Stream<KeySpec> specs() {
    return Arrays.stream(KeySpec.values()).filter(s -> s != KeySpec.ECC_SECG_P256K1);
  }

  @Override
  WrappingAlgorithm oaep() {
    return WrappingAlgorithm.RSAES_OAEP_SHA_256;
  }

  @Override
  WrappingAlgorithm hybrid() {
    return WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256;
  }

  /** Measured: NSS 3.87 leaves CKA_LOCAL false on keys it generated. */
  @Override
  boolean marksGeneratedKeysLocal() {
    return false;
  }

  /** Measured: NSS OAEP-wraps the PKCS#8 of an EC private key when it fits in one block. */
  @Override
  boolean oaepWrapsEcPrivateKeys() {
    return true;
  }

  @Test
  void secp256k1_isRefusedByNssWithTheTokensReason() {
    assertThatThrownBy(
            () ->
                session()
                    .generate(
                        new GenerateRequest(
                            KeySpec.ECC_SECG_P256K1, ItRig.uniqueLabel("k1"), false)))
        .isInstanceOf(HsmException.class)
        .hasMessageContaining("ECC_SECG_P256K1")
        .hasMessageContaining("CKR_DOMAIN_PARAMS_INVALID");
  }

  @Test
  void sha256Algorithms_passTheSelfTestOnNss() {
    SelfTestReport r = session().selfTest(WrappingKeySpec.RSA_2048);
    assertThat(r.passed(WrappingAlgorithm.RSAES_OAEP_SHA_256)).isTrue();
    assertThat(r.passed(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256)).isTrue();
  }
}
