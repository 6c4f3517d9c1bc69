package dev.keyceremony.localkms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** AWS's documented OpenSSL recipes (Step 3 of importing key material) against our blobs. */
class LocalKmsOpenSslIT {
  static LocalKms server;
  static KmsClient kms;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    server = LocalKms.builder().port(0).start();
    kms = KmsFixture.client(server, "us-east-1");
  }

  @AfterAll
  static void stop() {
    kms.close();
    server.close();
  }

  private void sh(String script) throws Exception {
    Process p =
        new ProcessBuilder(List.of("bash", "-euc", script))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("openssl script failed:\n%s\n%s", script, out).isZero();
  }

  private GetParametersForImportResponse params(KeyMetadata k, AlgorithmSpec alg) throws Exception {
    GetParametersForImportResponse p =
        KmsFixture.params(kms, k.keyId(), alg, WrappingKeySpec.RSA_2048);
    Files.write(dir.resolve("WrappingPublicKey.bin"), p.publicKey().asByteArray());
    return p;
  }

  private void importFile(KeyMetadata k, GetParametersForImportResponse p, String file)
      throws IOException {
    byte[] wrapped = Files.readAllBytes(dir.resolve(file));
    kms.importKeyMaterial(
        r ->
            r.keyId(k.keyId())
                .importToken(p.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
  }

  @Test
  void oaepSha256Recipe_importsSymmetricMaterial() throws Exception {
    KeyMetadata k = KmsFixture.createExternal(kms, KeySpec.SYMMETRIC_DEFAULT, null);
    GetParametersForImportResponse p = params(k, AlgorithmSpec.RSAES_OAEP_SHA_256);
    sh(
        "openssl rand -out PlaintextKeyMaterial.bin 32\n"
            + "openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin"
            + " -inkey WrappingPublicKey.bin -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep"
            + " -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256");
    importFile(k, p, "EncryptedKeyMaterial.bin");
    var blob =
        kms.encrypt(r -> r.keyId(k.keyId()).plaintext(SdkBytes.fromUtf8String("ok")))
            .ciphertextBlob();
    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("ok");
  }

  @Test
  void rsaAesKeyWrapRecipe_importsEcPrivateKey() throws Exception {
    KeyMetadata k = KmsFixture.createExternal(kms, KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
    GetParametersForImportResponse p = params(k, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256);
    sh(
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem\n"
            + "openssl pkcs8 -topk8 -outform der -nocrypt -in ec.pem -out PlaintextKeyMaterial.der\n"
            + "openssl pkey -in ec.pem -pubout -outform der -out public.der\n"
            + "openssl rand -out aes-key.bin 32\n"
            + "openssl enc -id-aes256-wrap-pad -K \"$(od -An -tx1 aes-key.bin | tr -d ' \\n')\""
            + " -iv A65959A6 -in PlaintextKeyMaterial.der -out key-material-wrapped.bin\n"
            + "openssl pkeyutl -encrypt -in aes-key.bin -out aes-key-wrapped.bin"
            + " -inkey WrappingPublicKey.bin -keyform DER -pubin -pkeyopt rsa_padding_mode:oaep"
            + " -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256\n"
            + "cat aes-key-wrapped.bin key-material-wrapped.bin > EncryptedKeyMaterial.bin");
    importFile(k, p, "EncryptedKeyMaterial.bin");
    assertThat(kms.getPublicKey(r -> r.keyId(k.keyId())).publicKey().asByteArray())
        .isEqualTo(Files.readAllBytes(dir.resolve("public.der")));
  }
}
