package dev.keyceremony.localkms.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyceremony.localkms.api.KmsError;
import dev.keyceremony.localkms.model.KeySpecInfo;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaterialValidatorTest {
  @Test
  void ecPkcs8_withSoftHsmTrailingZeros_isTrimmedAndAccepted() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] der = g.generateKeyPair().getPrivate().getEncoded();
    byte[] padded = Arrays.copyOf(der, der.length + 7);
    ValidatedMaterial plain = MaterialValidator.validate(KeySpecInfo.ECC_NIST_P256, der);
    ValidatedMaterial trimmed = MaterialValidator.validate(KeySpecInfo.ECC_NIST_P256, padded);
    assertThat(trimmed.identity()).isEqualTo(plain.identity());
    assertThat(trimmed.material()).isEqualTo(plain.material());
  }

  @Test
  void trailingNonZeroBytes_areIncorrectKeyMaterial() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] der = g.generateKeyPair().getPrivate().getEncoded();
    byte[] bad = Arrays.copyOf(der, der.length + 1);
    bad[der.length] = 1;
    assertThatThrownBy(() -> MaterialValidator.validate(KeySpecInfo.ECC_NIST_P256, bad))
        .isInstanceOfSatisfying(
            KmsError.class, e -> assertThat(e.type()).isEqualTo("IncorrectKeyMaterialException"))
        .hasMessage("Key material for ECC_NIST_P256 must be a DER-encoded PKCS#8 PrivateKeyInfo.");
  }

  @Test
  void rsaOfWrongSize_andEcForRsaSpec_areRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    byte[] rsa1024 = g.generateKeyPair().getPrivate().getEncoded();
    assertThatThrownBy(() -> MaterialValidator.validate(KeySpecInfo.RSA_2048, rsa1024))
        .hasMessage("Key material for RSA_2048 must have a 2048-bit modulus, got 1024 bits.");
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
    e.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] ec = e.generateKeyPair().getPrivate().getEncoded();
    assertThatThrownBy(() -> MaterialValidator.validate(KeySpecInfo.RSA_2048, ec))
        .hasMessage("Key material for RSA_2048 must be an RSA private key (PKCS#8).");
  }

  @Test
  void toString_printsNoBytes() {
    ValidatedMaterial m = MaterialValidator.validate(KeySpecInfo.HMAC_224, new byte[28]);
    assertThat(m.toString()).isEqualTo("ValidatedMaterial[***]");
  }
}
